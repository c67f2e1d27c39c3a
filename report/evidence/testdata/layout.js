// The layout checks of browser_test.go (layoutJS): it returns what breaks
// the report's rules for line breaks, at most 20 findings.
(() => {
  const bad = [];
  const seps = "/?&,;|.:=_-~+";
  const say = (el, msg) => {
    if (bad.length < 20) bad.push(msg + ", in: " + el.innerText.slice(0, 90).replace(/\s+/g, " "));
  };
  const range = document.createRange();
  for (const cell of document.querySelectorAll("td, th, li")) {
    const box = cell.getBoundingClientRect();
    if (box.width === 0) continue;
    // A cell at least as wide as what it holds.
    if ((cell.tagName === "TD" || cell.tagName === "TH") && cell.scrollWidth > cell.clientWidth + 1) {
      say(cell, `content ${cell.scrollWidth} px wide in a cell of ${cell.clientWidth} px`);
    }
    // Unbreakable tokens whole, and inside their cell.
    for (const u of cell.querySelectorAll(".u")) {
      // A span with an element in it has a box per piece, on one line.
      const lines = new Set([...u.getClientRects()].map(r => Math.round(r.bottom)));
      if (lines.size > 1) say(cell, `"${u.textContent}" broken over ${lines.size} lines`);
      const r = u.getBoundingClientRect();
      if (r.right > box.right + 1 || r.left < box.left - 1) say(cell, `"${u.textContent}" sticks out of its cell`);
    }
    // Every line break at a space, after a separator, or at a <wbr>.
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    let prev = null, wbr = false;
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.tagName === "WBR") wbr = true;
        if (n.tagName === "BR" || getComputedStyle(n).display === "block") prev = null;
        continue;
      }
      const s = n.textContent;
      for (let i = 0; i < s.length; i++) {
        const ch = s[i];
        if (/\s/.test(ch)) { prev = null; wbr = false; continue; }
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const rs = range.getClientRects();
        if (rs.length === 0) continue;
        const r = rs[0];
        if (prev && r.top >= prev.bottom - 1 && !wbr && !seps.includes(prev.ch)) {
          say(cell, `line broken inside a word, between "${prev.ch}" and "${ch}"`);
        }
        prev = { ch, bottom: r.bottom };
        wbr = false;
      }
    }
  }
  return bad;
})()
