// page.js is what a visit runs in the page, in an isolated world of the
// main frame (the page's scripts neither see it nor can change what it
// uses). It is one function, called as (FUNCTION)(op, arg); it returns a
// plain object, read by value into the Go struct pageResult, and defines
// nothing on the page. Ops that find an element scroll it into view and
// return the centre of its box and whether a mouse click there would reach
// it (hit); the Go side then clicks with the mouse, or calls the op again
// with act set to click it from script.
(function (op, arg) {
  'use strict';

  // norm folds case and spaces, and curly apostrophes to straight ones.
  function norm(s) {
    return String(s || '').replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim().toLocaleLowerCase();
  }
  // bare is norm without symbols at either end ("✓ Accept all!" → "accept all").
  function bare(s) {
    return norm(s).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  }

  // roots returns the document and every open shadow root under it.
  function roots(root, out) {
    out.push(root);
    var all = root.querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      if (all[i].shadowRoot) roots(all[i].shadowRoot, out);
    }
    return out;
  }
  // deepAll returns the elements matching sel in the document and its
  // open shadow roots; within each root in document order.
  function deepAll(sel, within) {
    var out = [];
    roots(within || document, []).forEach(function (r) {
      var found;
      try { found = r.querySelectorAll(sel); } catch (e) { return; }
      for (var i = 0; i < found.length; i++) out.push(found[i]);
    });
    return out;
  }

  // shown: displayed (no display:none or visibility:hidden on it or above).
  function shown(el) {
    if (!el.isConnected) return false;
    if (el.checkVisibility) return el.checkVisibility({ visibilityProperty: true });
    return el.getClientRects().length > 0;
  }
  // visible: shown, with a box, and not disabled.
  function visible(el) {
    if (!shown(el) || el.disabled) return false;
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }

  // text is what a user reads on a button or link.
  function text(el) {
    var t = '';
    if (el.tagName === 'INPUT') t = el.value || '';
    else t = el.innerText || el.textContent || '';
    if (!norm(t)) {
      var img = el.querySelector && el.querySelector('img[alt]');
      t = el.getAttribute('aria-label') || el.getAttribute('title') || (img ? img.alt : '');
    }
    return t.replace(/\s+/g, ' ').trim().slice(0, 200);
  }

  function describe(el) {
    var d = { tag: el.tagName.toLowerCase(), text: text(el) };
    if (el.id) d.id = el.id;
    if (el.getAttribute('name')) d.name = el.getAttribute('name');
    if (el.tagName === 'A' && el.href) d.href = el.href;
    return d;
  }

  // point scrolls el into view and returns describe(el) with the centre of
  // its box and whether the element there is el (or inside it).
  function point(el) {
    el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
    var r = el.getBoundingClientRect();
    var x = r.left + r.width / 2, y = r.top + r.height / 2;
    var root = el.getRootNode();
    var at = root.elementFromPoint ? root.elementFromPoint(x, y) : document.elementFromPoint(x, y);
    var d = describe(el);
    d.found = true;
    d.x = x;
    d.y = y;
    d.hit = !!at && (at === el || el.contains(at));
    return d;
  }

  // act clicks el from script, or returns where to click it.
  function target(el, extra) {
    var d;
    if (arg.act) {
      el.click();
      d = describe(el);
      d.found = true;
    } else {
      d = point(el);
    }
    for (var k in extra) d[k] = extra[k];
    return d;
  }

  var CLICKABLE = 'a[href], button, [role=button], [role=link], input[type=button], input[type=submit], input[type=reset], input[type=image], summary';

  // findClick returns the first visible button or link whose text is
  // TEXT, else the first whose text contains it (case-insensitive).
  function findClick(want) {
    want = norm(want);
    var contains = null;
    var all = deepAll(CLICKABLE);
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (!visible(el)) continue;
      var t = norm(text(el));
      if (t === want) return el;
      if (!contains && t.indexOf(want) >= 0) contains = el;
    }
    return contains;
  }

  // inContext reports whether el sits in a small element (at most 3,000
  // characters of text) that mentions one of the context words: a banner.
  function inContext(el, words) {
    var n = el;
    for (var depth = 0; n && depth < 12; depth++) {
      if (n.nodeType === 11) { n = n.host; continue; } // shadow root → host
      if (n === document.body || n === document.documentElement) return false;
      var t = n.textContent || '';
      if (t.length > 3000) return false;
      var hay = norm(t + ' ' + (n.id || '') + ' ' + (typeof n.className === 'string' ? n.className : '') + ' ' +
        (n.getAttribute && (n.getAttribute('aria-label') || '')));
      for (var i = 0; i < words.length; i++) {
        if (hay.indexOf(words[i]) >= 0) return true;
      }
      n = n.parentNode;
    }
    return false;
  }

  // byPhrase returns the first visible button or link (under within, or
  // anywhere in context) whose bare text is one of the phrases, trying
  // the phrases in order.
  function byPhrase(phrases, within, words) {
    var cands = deepAll(CLICKABLE, within).filter(visible).map(function (el) {
      return { el: el, t: bare(text(el)) };
    });
    for (var i = 0; i < phrases.length; i++) {
      for (var j = 0; j < cands.length; j++) {
        if (cands[j].t === phrases[i].Text && (within || inContext(cands[j].el, words))) {
          return { el: cands[j].el, phrase: phrases[i] };
        }
      }
    }
    return null;
  }

  // consent finds the banner and, for accept and reject, its button.
  function consent() {
    var p = arg.patterns, v = arg.variant;
    var words = (p.Context || []).map(norm);
    for (var i = 0; i < (p.CMPs || []).length; i++) {
      var cmp = p.CMPs[i], banner = null;
      (cmp.Banner || []).some(function (sel) {
        banner = deepAll(sel).filter(shown)[0] || null;
        return !!banner;
      });
      if (!banner) continue;
      var res = { banner: cmp.Name };
      if (v === 'none') return res;
      var sels = (v === 'accept' ? cmp.Accept : cmp.Reject) || [];
      for (var j = 0; j < sels.length; j++) {
        var el = deepAll(sels[j]).filter(visible)[0];
        if (el) return target(el, { banner: cmp.Name, via: 'selector', selector: sels[j] });
      }
      var m = byPhrase((v === 'accept' ? p.Accept : p.Reject) || [], banner, words);
      if (m) return target(m.el, { banner: cmp.Name, via: 'text', phrase: m.phrase.Text, lang: m.phrase.Lang });
      return res;
    }
    if (v === 'none') {
      var seen = byPhrase((p.Accept || []).concat(p.Reject || []), null, words);
      return seen ? { banner: 'generic', phrase: seen.phrase.Text, lang: seen.phrase.Lang } : {};
    }
    var g = byPhrase((v === 'accept' ? p.Accept : p.Reject) || [], null, words);
    if (g) return target(g.el, { banner: 'generic', via: 'text', phrase: g.phrase.Text, lang: g.phrase.Lang });
    return {};
  }

  var FILLABLE = 'input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]):not([type=image]):not([type=file]), textarea, select';

  // findField returns the visible form fields called want: by name, else
  // by id, else by the text of their label (equal, then containing), else
  // by aria-label or placeholder.
  function findField(want) {
    var fields = deepAll(FILLABLE).filter(visible);
    var w = norm(want);
    var tries = [
      function (el) { return el.getAttribute('name') === want; },
      function (el) { return el.id === want; },
      function (el) { return labelsOf(el).some(function (t) { return t === w; }); },
      function (el) { return w !== '' && labelsOf(el).some(function (t) { return t.indexOf(w) >= 0; }); },
      function (el) { return norm(el.getAttribute('aria-label')) === w || norm(el.getAttribute('placeholder')) === w; },
    ];
    for (var i = 0; i < tries.length; i++) {
      var got = fields.filter(tries[i]);
      if (got.length) return got;
    }
    return [];
  }
  function labelsOf(el) {
    var out = [];
    if (el.labels) for (var i = 0; i < el.labels.length; i++) out.push(norm(el.labels[i].innerText || el.labels[i].textContent));
    return out;
  }
  function fieldInfo(el) {
    var d = describe(el);
    d.found = true;
    var t = (el.type || '').toLowerCase();
    d.kind = el.tagName === 'SELECT' ? 'select' : (t === 'checkbox' ? 'check' : (t === 'radio' ? 'radio' : 'text'));
    var l = el.labels && el.labels[0];
    if (l) d.label = (l.innerText || l.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 200);
    d.text = '';
    return d;
  }
  function truthy(v) {
    return ['on', 'true', 'yes', '1', 'checked', 'x'].indexOf(norm(v)) >= 0;
  }
  function fire(el) {
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }

  // fill: text fields are focused and emptied here, typed into by the Go
  // side (Input.insertText), then left (blur, which fires change) by
  // fill-done; selects, checkboxes and radios are set here.
  function fill() {
    var els = findField(arg.name);
    if (!els.length) return { found: false };
    var el = els[0], d = fieldInfo(el);
    if (d.kind === 'radio') {
      var v = norm(arg.value);
      var pick = els.filter(function (r) { return norm(r.value) === v || labelsOf(r).indexOf(v) >= 0; })[0];
      if (!pick) return { found: true, kind: 'radio', tag: 'input', name: el.getAttribute('name') || '', error: 'no choice ' + JSON.stringify(arg.value) };
      if (!pick.checked) pick.click();
      d = fieldInfo(pick);
      d.value = pick.value;
      return d;
    }
    el.scrollIntoView({ block: 'center', behavior: 'instant' });
    if (d.kind === 'check') {
      if (el.checked !== truthy(arg.value)) el.click();
      d.value = el.checked ? 'checked' : 'unchecked';
      return d;
    }
    if (d.kind === 'select') {
      var want = norm(arg.value), ok = false;
      for (var i = 0; i < el.options.length; i++) {
        var o = el.options[i];
        if (o.value === arg.value || norm(o.text) === want) {
          el.selectedIndex = i;
          ok = true;
          break;
        }
      }
      if (!ok) { d.error = 'no option ' + JSON.stringify(arg.value); return d; }
      fire(el);
      d.value = el.value;
      return d;
    }
    el.focus();
    el.value = '';
    return d;
  }
  function fillDone() {
    var el = findField(arg.name)[0];
    if (!el) return { found: false };
    var d = fieldInfo(el);
    d.value = el.value;
    el.blur();
    return d;
  }

  // submit finds the form (by name or id; else the form of the field
  // named field; else the only visible form) and its submit button, or
  // submits the form from script when it has none.
  function submit() {
    var form = null;
    if (arg.form) form = document.forms[arg.form] || document.getElementById(arg.form);
    if (!form && arg.field) {
      var f = findField(arg.field)[0];
      form = f ? f.form : null;
    }
    if (!form) {
      var forms = deepAll('form').filter(shown);
      if (forms.length === 1) form = forms[0];
    }
    if (!form || form.tagName !== 'FORM') return { found: false };
    var btn = Array.prototype.filter.call(form.querySelectorAll('button, input[type=submit], input[type=image]'), function (b) {
      return (b.tagName !== 'BUTTON' || (b.getAttribute('type') || 'submit').toLowerCase() === 'submit') && visible(b);
    })[0];
    if (btn) return target(btn, { form: form.getAttribute('name') || form.id || '' });
    var d = describe(form);
    d.found = true;
    d.form = form.getAttribute('name') || form.id || '';
    if (arg.act) form.requestSubmit();
    else d.hit = false;
    return d;
  }

  switch (op) {
    case 'click':
      var el = findClick(arg.text);
      return el ? target(el, {}) : { found: false };
    case 'consent':
      return consent();
    case 'fill':
      return fill();
    case 'fill-done':
      return fillDone();
    case 'submit':
      return submit();
    case 'scroll':
      var s = document.scrollingElement || document.documentElement;
      if (arg.to === 'top') window.scrollTo(0, 0);
      else if (arg.to === 'bottom' || arg.to === '') window.scrollTo(0, s.scrollHeight);
      else window.scrollBy(0, Number(arg.to));
      return { found: true, y: window.scrollY };
    case 'where':
      return { found: true, url: location.href, title: document.title };
  }
  return { error: 'unknown op ' + op };
})
