/* jiyue browser audit: elderly-mode (适老化) measurements.
 * Evaluated with WebDriver's execute_script: arguments[0] = command, arguments[1] = options.
 * Returns plain JSON. No side effects on the page except where the command says so. */
var cmd = arguments[0], opt = arguments[1] || {};

function cssEsc(s) { return (window.CSS && CSS.escape) ? CSS.escape(s) : s.replace(/([^\w-])/g, '\\$1'); }
function cssPath(el) {
  if (!el || el.nodeType !== 1) return '';
  var parts = [];
  while (el && el.nodeType === 1 && el !== document.documentElement) {
    if (el.id && document.querySelectorAll('#' + cssEsc(el.id)).length === 1) { parts.unshift('#' + cssEsc(el.id)); break; }
    var tag = el.tagName.toLowerCase(), sel = tag;
    var cls = Array.prototype.filter.call(el.classList || [], function (c) { return /^[A-Za-z_][\w-]*$/.test(c); }).slice(0, 2);
    if (cls.length) sel += '.' + cls.join('.');
    var parent = el.parentElement;
    if (parent) {
      var same = Array.prototype.filter.call(parent.children, function (c) { return c.tagName === el.tagName; });
      if (same.length > 1) sel += ':nth-of-type(' + (same.indexOf(el) + 1) + ')';
    }
    parts.unshift(sel);
    if (tag === 'body') break;
    el = parent;
  }
  return parts.join(' > ');
}
function visible(el) {
  if (!el || !el.isConnected) return false;
  if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true})) return false;
  var cs = getComputedStyle(el);
  if (cs.display === 'none' || cs.visibility !== 'visible' || parseFloat(cs.opacity) === 0) return false;
  var r = el.getBoundingClientRect();
  if (r.width < 2 || r.height < 2) return false;           // sr-only, collapsed
  var sx = window.scrollX, sy = window.scrollY;
  if (r.right + sx <= 0 || r.bottom + sy <= 0) return false; // parked off-screen (skip links)
  // clipped away by an ancestor (clip / clip-path / overflow hidden with 1px box)
  for (var a = el; a && a !== document.body; a = a.parentElement) {
    var s = getComputedStyle(a);
    if (s.clip && s.clip !== 'auto' && /rect\(\s*0/.test(s.clip)) { var ar = a.getBoundingClientRect(); if (ar.width < 2 || ar.height < 2) return false; }
    if (s.clipPath && /inset\(\s*50%/.test(s.clipPath)) return false;
  }
  return true;
}
function textOf(el) { return (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim(); }
function round(x, n) { var m = Math.pow(10, n || 1); return Math.round(x * m) / m; }

function textElements(root) {
  // every element that directly holds visible, non-blank text
  var out = [], seen = new Set();
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, null);
  var skip = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|OPTION|OPTGROUP|TITLE|SUP|SUB|RT|RP)$/;
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!/\S/.test(n.nodeValue)) continue;
    var el = n.parentElement;
    if (!el || seen.has(el) || skip.test(el.tagName) || el.closest('svg, math')) continue;
    seen.add(el);
    if (visible(el)) out.push(el);
  }
  return out;
}

function measureText(minPx, minRatio) {
  var small = [], tight = [], minFs = Infinity, count = 0;
  textElements(document.body).forEach(function (el) {
    var cs = getComputedStyle(el), fs = parseFloat(cs.fontSize);
    count++;
    if (fs < minFs) minFs = fs;
    if (fs < minPx - 0.01) small.push({selector: cssPath(el), fontSize: round(fs), text: textOf(el).slice(0, 40)});
    var lh = cs.lineHeight, ratio;
    if (lh === 'normal') ratio = null; else ratio = parseFloat(lh) / fs;
    if (ratio === null || ratio < minRatio - 0.005) {
      tight.push({selector: cssPath(el), fontSize: round(fs), lineHeight: lh, ratio: ratio === null ? 'normal' : round(ratio, 2), text: textOf(el).slice(0, 40)});
    }
  });
  var bodyFs = parseFloat(getComputedStyle(document.body).fontSize);
  return {count: count, bodyFontSize: bodyFs, minFontSize: count ? round(minFs) : null, small: small, tight: tight};
}

var CLOSE_RE = /关闭|关 闭|收起|不再显示|close|dismiss|^\s*[×✕✖xX]\s*$/i;
function isCloseControl(c) {
  var label = [textOf(c), c.getAttribute('aria-label') || '', c.getAttribute('title') || '', c.getAttribute('value') || ''].join(' ');
  if (CLOSE_RE.test(label.trim()) || CLOSE_RE.test(textOf(c))) return true;
  var idc = ((c.id || '') + ' ' + (typeof c.className === 'string' ? c.className : '')).toLowerCase();
  return /(^|[\s_-])close([\s_-]|$)|(^|[\s_-])(btn-)?close/.test(idc);
}
var INTERACTIVE = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=link], [tabindex]:not([tabindex="-1"])';
function measureFloating() {
  var vw = window.innerWidth, vh = window.innerHeight, found = [];
  var all = document.body.querySelectorAll('*');
  for (var i = 0; i < all.length; i++) {
    var el = all[i];
    var cs = getComputedStyle(el);
    if (cs.position !== 'fixed' && !(el.tagName === 'DIALOG' && el.open)) continue;
    if (found.some(function (f) { return f.el.contains(el); })) continue;
    if (!visible(el)) continue;
    var r = el.getBoundingClientRect();
    if (r.right <= 0 || r.bottom <= 0 || r.left >= vw || r.top >= vh) continue; // fully outside the viewport
    var controls = el.matches(INTERACTIVE) ? [el] : Array.prototype.slice.call(el.querySelectorAll(INTERACTIVE));
    var smallControl = (el.matches(INTERACTIVE) || (controls.length <= 1 && textOf(el).length <= 12)) && r.width * r.height <= 150 * 150;
    if (smallControl) continue; // a floating button (回到顶部) is a control, not a window
    var closable = controls.some(function (c) { return c !== el && visible(c) && isCloseControl(c); });
    found.push({el: el, info: {selector: cssPath(el), closable: closable, width: round(r.width), height: round(r.height),
                text: textOf(el).slice(0, 60), area: round(r.width * r.height / (vw * vh), 3)}});
  }
  return found.map(function (f) { return f.info; });
}

var TARGETS = 'a[href], button, input:not([type=hidden]), select, summary, [role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=menuitem], [role=switch]';
function blockAncestor(el) {
  for (var a = el.parentElement; a; a = a.parentElement) {
    var d = getComputedStyle(a).display;
    if (d !== 'inline' && d !== 'contents') return a;
  }
  return document.body;
}
function measureTargets(minPx) {
  var small = [], count = 0;
  var list = document.body.querySelectorAll(TARGETS);
  for (var i = 0; i < list.length; i++) {
    var el = list[i];
    if (el.disabled || !visible(el)) continue;
    if (el.parentElement && el.parentElement.closest(TARGETS)) continue; // nested target: the outer one counts
    count++;
    var cs = getComputedStyle(el), r = el.getBoundingClientRect();
    var w = r.width, h = r.height;
    // WCAG 2.5.5 inline exception: a link inside a sentence or block of text
    if (cs.display === 'inline') {
      var block = blockAncestor(el), rest = textOf(block).replace(textOf(el), '').replace(/\s+/g, '');
      if (rest.length >= 2) continue;
    }
    // a checkbox/radio with a label: the label is part of the target
    if (el.labels && el.labels.length && /^(checkbox|radio)$/.test(el.type || '')) {
      for (var k = 0; k < el.labels.length; k++) {
        var lr = el.labels[k].getBoundingClientRect();
        var left = Math.min(r.left, lr.left), right = Math.max(r.right, lr.right);
        var top = Math.min(r.top, lr.top), bottom = Math.max(r.bottom, lr.bottom);
        w = Math.max(w, right - left); h = Math.max(h, bottom - top);
      }
    }
    if (w < minPx - 0.5 || h < minPx - 0.5) {
      small.push({selector: cssPath(el), width: round(w), height: round(h), text: (textOf(el) || el.getAttribute('aria-label') || '').slice(0, 30)});
    }
  }
  return {count: count, small: small};
}

function measureReflow() {
  var vw = document.documentElement.clientWidth, iw = window.innerWidth;
  var sw = Math.max(document.documentElement.scrollWidth, document.body ? document.body.scrollWidth : 0);
  var main = document.querySelector('main, [role=main]') || document.body;
  var offenders = [], inner = [];
  var pageScrolls = sw > iw + 1;
  var exempt = function (el) { return !!el.closest('table, pre, code, [data-reflow-exempt]'); };
  if (pageScrolls) {
    var all = document.body.querySelectorAll('*');
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (offenders.some(function (o) { return o.el.contains(el); })) continue;
      var cs = getComputedStyle(el);
      if (cs.position === 'fixed') continue;
      var r = el.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      if (r.right + window.scrollX > iw + 1 && visible(el)) {
        offenders.push({el: el, info: {selector: cssPath(el), right: round(r.right + window.scrollX), width: round(r.width), inMain: main.contains(el)}});
      }
    }
  }
  var scrollers = main.querySelectorAll('*');
  for (var j = 0; j < scrollers.length; j++) {
    var s = scrollers[j], ox = getComputedStyle(s).overflowX;
    if ((ox === 'auto' || ox === 'scroll') && s.scrollWidth > s.clientWidth + 1 && visible(s)) {
      if (s.querySelector('table, pre') || exempt(s)) continue; // data tables and code may scroll (WCAG 1.4.10 exception)
      inner.push({selector: cssPath(s), scrollWidth: s.scrollWidth, clientWidth: s.clientWidth});
    }
  }
  // page-level overflow caused only by tables/pre is exempt too
  var pageOff = offenders.filter(function (o) { return !exempt(o.el) && !o.el.querySelector('table, pre'); }).map(function (o) { return o.info; });
  return {innerWidth: iw, clientWidth: vw, scrollWidth: sw, pageScrolls: pageScrolls && pageOff.length > 0,
          offenders: pageOff.slice(0, 20), inner: inner.slice(0, 20)};
}

var ELDER_WORDS = /关怀版|长者模式|适老版|无障碍/;
function findEntry() {
  var el = document.querySelector('[data-elder-toggle]');
  if (el && visible(el)) return {el: el, how: 'data-elder-toggle'};
  var cands = document.querySelectorAll('a, button, [role=button], input[type=button]');
  for (var i = 0; i < cands.length; i++) {
    var c = cands[i];
    var label = textOf(c) + ' ' + (c.getAttribute('aria-label') || '') + ' ' + (c.getAttribute('title') || '') + ' ' + (c.value || '');
    if (ELDER_WORDS.test(label) && visible(c)) return {el: c, how: 'text'};
  }
  if (el) return {el: el, how: 'data-elder-toggle'};
  return null;
}

switch (cmd) {
  case 'state':
    return {elder: document.documentElement.classList.contains('elder'), url: location.href,
            ready: document.readyState};
  case 'entry':
    var e = findEntry();
    if (!e) return null;
    var href = e.el.getAttribute('href');
    var external = false;
    if (href && !/^(#|javascript:)/i.test(href)) {
      try { external = new URL(href, location.href).origin !== location.origin; } catch (x) { external = true; }
    }
    return {element: e.el, how: e.how, selector: cssPath(e.el), text: textOf(e.el).slice(0, 30),
            href: href, navigates: !!href && !/^(#|javascript:)/i.test(href), external: external};
  case 'text':
    return measureText(opt.minPx || 18, opt.minRatio || 1.3);
  case 'floating':
    return measureFloating();
  case 'targets':
    return measureTargets(opt.minPx || 44);
  case 'reflow':
    return measureReflow();
  case 'reset':
    try { localStorage.clear(); } catch (x) {}
    try { sessionStorage.clear(); } catch (x) {}
    return true;
}
return null;
