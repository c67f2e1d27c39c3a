// The print checks of browser_test.go (printJS), run under print media at
// the A4 content width; PAGE_HEIGHT is the page's content height in CSS
// pixels. It returns what would let the print split a row or break a page
// where it should not, at most 20 findings.
(() => {
  const bad = [];
  const say = msg => { if (bad.length < 20) bad.push(msg); };
  const H = PAGE_HEIGHT;
  for (const tr of document.querySelectorAll("tr")) {
    const cs = getComputedStyle(tr);
    const name = tr.id || tr.innerText.slice(0, 60).replace(/\s+/g, " ");
    if (cs.breakInside !== "avoid") say(`row "${name}" may be split across pages (break-inside: ${cs.breakInside})`);
    const h = tr.getBoundingClientRect().height;
    if (h > H) say(`row "${name}" is ${Math.round(h)} px high, more than a page (${Math.round(H)} px): the print must split it`);
  }
  for (const th of document.querySelectorAll("thead")) {
    if (getComputedStyle(th).display !== "table-header-group") say("a table header does not repeat on each page");
  }
  for (const t of document.querySelectorAll("table")) {
    if (!t.tHead) say(`a table without a header: "${t.innerText.slice(0, 60)}"`);
  }
  for (const el of document.querySelectorAll("body *")) {
    const cs = getComputedStyle(el);
    if (cs.breakBefore === "page" || cs.breakAfter === "page") say(`<${el.tagName.toLowerCase()}> forces a page break`);
  }
  for (const f of document.querySelectorAll("figure")) {
    if (f.getBoundingClientRect().height > H) say("a figure is taller than a page");
  }
  return bad;
})()
