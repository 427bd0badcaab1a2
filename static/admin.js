// Vestnik admin: enhancements of the admin's pages (loaded with defer).
//
// Progressive enhancement only: the form saves, validates and previews
// (Preview button → new tab) without this file. Plain ES2017, no libraries,
// no eval and no inline styles, so it runs under CSP default-src 'self'.
//
//   a. Markdown toolbar   .md-toolbar[data-for=ID] acting on textarea#ID
//   b. Live preview       textarea.md[data-preview=ID] → iframe#ID (srcdoc)
//   c. Slug suggestion    input[data-slug-source="slug.XX"] fills slug.XX
//   d. Unsaved changes    beforeunload warning unless the form is submitted
//   (e. focal point, f. photos, g. local copy, g2. re-login, j. other forms' changes: below)
//   Ctrl/Cmd+S saves; forms with data-confirm ask before they submit.
//
// The pure helpers (slugify, mdEdit) are exported under Node for tests.

// What the server sent. A field's default value (defaultValue,
// defaultChecked, an option's defaultSelected) is what the page was served
// with; its value is that plus whatever was typed, also before this
// deferred script ran (a fast typist, a slow line). The unsaved-changes
// warnings (d, j) and the local copy (g) take the default values, never the
// fields as they find them, for what is not a change.

// servedCopy copies fields into a form of their own and resets it: a
// reset, as a form's Reset button does, brings back each field's default
// value, cleaned up as the browser cleans up a value (selects, radio
// groups and trimmed e-mail addresses included).
function servedCopy(fields) {
  var f = document.createElement('form');
  fields.forEach(function (el) {
    var c = el.cloneNode(true);
    c.removeAttribute('form'); // the conflict page's fields outside the form
    f.appendChild(c);
  });
  f.reset();
  return f;
}

// servedFields is what form sent as the page was served (as new
// FormData(form) would have then).
function servedFields(form) {
  var fields = Array.prototype.filter.call(form.elements, function (el) {
    return /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && !el.matches(':disabled');
  });
  return new URLSearchParams(new FormData(servedCopy(fields)));
}

(function () {
  'use strict';

  // ---------------------------------------------------------------------
  // Slugs: mirror of content.Slugify (internal/content/slug.go).

  var MAX_SLUG_LEN = 80;

  // Russian transliteration, the same table as the server's.
  var CYRILLIC = {
    'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'е': 'e', 'ё': 'yo', 'ж': 'zh',
    'з': 'z', 'и': 'i', 'й': 'y', 'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o',
    'п': 'p', 'р': 'r', 'с': 's', 'т': 't', 'у': 'u', 'ф': 'f', 'х': 'kh', 'ц': 'ts',
    'ч': 'ch', 'ш': 'sh', 'щ': 'shch', 'ъ': '', 'ы': 'y', 'ь': '', 'э': 'e', 'ю': 'yu',
    'я': 'ya',
    // Kazakh and Turkmen Cyrillic letters.
    'ә': 'a', 'ғ': 'g', 'қ': 'k', 'ң': 'n', 'ө': 'o', 'ұ': 'u', 'ү': 'u', 'һ': 'h', 'і': 'i',
    'җ': 'zh'
  };

  // The Turkmen Latin alphabet, read as Turkmen speakers do (tk only).
  var TURKMEN_LATIN = { 'ä': 'a', 'ç': 'ch', 'ň': 'n', 'ö': 'o', 'ş': 'sh', 'ü': 'u', 'ý': 'y', 'ž': 'zh' };

  // "&" in a slug is the language's own word; other languages drop it.
  var AND = { en: 'and', ru: 'i', tk: 'we', kk: 'zhane', uz: 'va', ky: 'zhana', tg: 'va' };

  // Symbols and letters NFKD leaves alone (or, for №, turns into "No"),
  // spelled as the server's slug library ("en" rules + unidecode) does.
  var EXTRA = {
    '@': 'at', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd',
    'ð': 'd', 'ł': 'l', 'þ': 'th', 'ı': 'i', '№': ''
  };

  // slugify turns a title in lang into a lower-case ASCII slug of words joined by
  // single hyphens, at most 80 characters, cut at a hyphen when possible.
  function slugify(title, lang) {
    var own = Object.prototype.hasOwnProperty;
    var out = '';
    for (var ch of String(title).toLowerCase()) {
      if (own.call(CYRILLIC, ch)) out += CYRILLIC[ch];
      else if (lang === 'tk' && own.call(TURKMEN_LATIN, ch)) out += TURKMEN_LATIN[ch];
      else if (ch === '&') out += ' ' + (own.call(AND, lang) ? AND[lang] : '') + ' ';
      else if (own.call(EXTRA, ch)) out += EXTRA[ch];
      else out += ch;
    }
    var s = out.normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '') // combining marks: é → e, ü → u, ň → n
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    if (s.length > MAX_SLUG_LEN) {
      s = s.slice(0, MAX_SLUG_LEN);
      var i = s.lastIndexOf('-');
      if (i > MAX_SLUG_LEN / 2) s = s.slice(0, i); // same rule as the server
      s = s.replace(/^-+|-+$/g, '');
    }
    return s;
  }

  // ---------------------------------------------------------------------
  // Markdown editing, as a pure function of the text and the selection.

  var INLINE = { bold: '**', italic: '*' };
  var PREFIX = { heading: '## ', list: '- ', quote: '> ' };

  // mdEdit computes the edit for toolbar action kind on value with the
  // selection [start, end). It returns {from, to, text, selStart, selEnd}:
  // replace value[from:to] with text, then select [selStart, selEnd) of the
  // new value. It returns null for an unknown kind.
  function mdEdit(value, start, end, kind) {
    if (start > end) { var t = start; start = end; end = t; }
    if (INLINE[kind] || kind === 'link') {
      // Leave surrounding blanks outside the markers ("**word **" is not bold).
      while (start < end && /\s/.test(value[start])) start++;
      while (end > start && /\s/.test(value[end - 1])) end--;
      var sel = value.slice(start, end);
      if (kind === 'link') {
        if (/^(https?:\/\/|mailto:)\S+$/.test(sel)) {
          // The selection is the address: put the caret in the label.
          return { from: start, to: end, text: '[](' + sel + ')', selStart: start + 1, selEnd: start + 1 };
        }
        var url = 'https://';
        var at = start + sel.length + 3; // after "[sel]("
        return { from: start, to: end, text: '[' + sel + '](' + url + ')', selStart: at, selEnd: at + url.length };
      }
      var m = INLINE[kind];
      // Toggle off when the selection is already wrapped in exactly m.
      var before = value.slice(Math.max(0, start - m.length), start);
      var after = value.slice(end, end + m.length);
      var outer = (value[start - m.length - 1] || '') + (value[end + m.length] || '');
      if (sel && before === m && after === m && outer.indexOf('*') < 0) {
        return { from: start - m.length, to: end + m.length, text: sel, selStart: start - m.length, selEnd: end - m.length };
      }
      // ... or when the selection includes the markers: "**sel**" → "sel".
      var inner = sel.slice(m.length, sel.length - m.length);
      if (sel.length > 2 * m.length && sel.slice(0, m.length) === m && sel.slice(-m.length) === m &&
          inner[0] !== '*' && inner[inner.length - 1] !== '*') {
        return { from: start, to: end, text: inner, selStart: start, selEnd: start + inner.length };
      }
      return { from: start, to: end, text: m + sel + m, selStart: start + m.length, selEnd: end + m.length };
    }
    var p = PREFIX[kind];
    if (!p) return null;
    // Whole lines touched by the selection; a selection ending right after a
    // newline does not take in the next line.
    var from = start > 0 ? value.lastIndexOf('\n', start - 1) + 1 : 0;
    var stop = end > start && value[end - 1] === '\n' ? end - 1 : end;
    var to = value.indexOf('\n', stop);
    if (to < 0) to = value.length;
    var lines = value.slice(from, to).split('\n');
    var bare = p.trim();
    var filled = lines.filter(function (l) { return l.trim() !== ''; });
    var has = function (l) { return l.indexOf(p) === 0 || l === bare; };
    var text;
    if (filled.length && filled.every(has)) {
      // Every line already has the prefix: remove it.
      text = lines.map(function (l) { return has(l) ? l.slice(Math.min(p.length, l.length)) : l; }).join('\n');
    } else {
      text = lines.map(function (l) {
        // Blank lines inside a multi-line selection stay blank (quotes keep
        // one block with a bare ">"); a lone blank line gets the prefix.
        if (l.trim() === '' && lines.length > 1) return kind === 'quote' ? bare : l;
        if (kind === 'heading') l = l.replace(/^#{1,6}[ \t]+/, '');
        if (kind === 'list') l = l.replace(/^[-*+][ \t]+/, '');
        return p + l;
      }).join('\n');
    }
    if (start === end && lines.length === 1) {
      // A bare caret stays where it was in its line, shifted by the prefix.
      var caret = Math.max(from, start + text.length - (to - from));
      return { from: from, to: to, text: text, selStart: caret, selEnd: caret };
    }
    return { from: from, to: to, text: text, selStart: from, selEnd: from + text.length };
  }

  if (typeof module === 'object' && module.exports) {
    module.exports = { slugify: slugify, mdEdit: mdEdit };
  }
  if (typeof document === 'undefined') return;

  // ---------------------------------------------------------------------
  // Page wiring.

  // Forms and buttons that take something down ask first (data-confirm:
  // the question).
  // (A submission held back to check the session first, below, asks when
  // it is sent.)
  document.addEventListener('submit', function (ev) {
    if (ev.defaultPrevented) return;
    var by = ev.submitter;
    var q = (by && by.getAttribute('data-confirm')) || (ev.target.getAttribute && ev.target.getAttribute('data-confirm'));
    if (q && !window.confirm(q)) ev.preventDefault();
  });

  // Lists: one box ticks every row for a bulk action.
  Array.prototype.forEach.call(document.querySelectorAll('input.pick-all'), function (all) {
    var table = all.closest('table');
    var boxes = table.querySelectorAll('tbody input[name=id]');
    all.hidden = boxes.length === 0;
    all.addEventListener('change', function () {
      Array.prototype.forEach.call(boxes, function (b) { b.checked = all.checked; });
    });
  });

  // Tables that scroll sideways by themselves on narrow screens (admin.css)
  // take the focus while they do, so that the keyboard can scroll them
  // (arrow keys): the columns out of view of one without links (subscriber
  // counts) could not be reached otherwise, and Safari gives no focus to a
  // scroller of its own.
  function focusableScrollers() {
    Array.prototype.forEach.call(document.querySelectorAll('table.list, table.board, .panel table'), function (t) {
      if (t.scrollWidth > t.clientWidth + 1) t.tabIndex = 0;
      else t.removeAttribute('tabindex');
    });
  }
  focusableScrollers();
  window.addEventListener('resize', focusableScrollers);

  var form = document.getElementById('entry-form');
  if (!form) return;

  // Ctrl+S (Cmd+S on a Mac) saves, as in every editor. (Enter in a
  // one-line field saves too: the form's first submit button is Save.)
  document.addEventListener('keydown', function (ev) {
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && (ev.key === 's' || ev.key === 'S')) {
      ev.preventDefault();
      var save = form.querySelector('button[name=action][value=save]');
      if (form.requestSubmit) form.requestSubmit(save); else save.click();
    }
  });

  // replaceRange applies an edit to a textarea, keeping the browser's undo
  // history where execCommand is still supported, and fires 'input'.
  function replaceRange(ta, e) {
    ta.focus();
    ta.setSelectionRange(e.from, e.to);
    var done = false;
    if (e.text !== '' && typeof document.execCommand === 'function') {
      try { done = document.execCommand('insertText', false, e.text); } catch (err) { done = false; }
    }
    if (!done || ta.value.slice(e.from, e.from + e.text.length) !== e.text) {
      ta.setRangeText(e.text, e.from, e.to, 'end');
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    }
    ta.setSelectionRange(e.selStart, e.selEnd);
  }

  function applyMd(ta, kind) {
    var e = mdEdit(ta.value, ta.selectionStart, ta.selectionEnd, kind);
    if (e) replaceRange(ta, e);
  }

  // a. Markdown toolbars.
  var SHORTCUTS = { b: 'bold', i: 'italic', k: 'link' };
  Array.prototype.forEach.call(document.querySelectorAll('.md-toolbar[data-for]'), function (bar) {
    var ta = document.getElementById(bar.getAttribute('data-for'));
    if (!ta || ta.tagName !== 'TEXTAREA') return;
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-controls', ta.id);
    Array.prototype.forEach.call(bar.querySelectorAll('button[data-md]'), function (b) {
      if (!b.hasAttribute('aria-label') && b.title) b.setAttribute('aria-label', b.title);
      // Keep the textarea focused (and a tablet's keyboard up) on tap.
      b.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
      b.addEventListener('click', function (ev) {
        ev.preventDefault();
        applyMd(ta, b.getAttribute('data-md'));
      });
    });
    ta.addEventListener('keydown', function (ev) {
      if (!(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.shiftKey) return;
      var kind = SHORTCUTS[(ev.key || '').toLowerCase()];
      if (!kind || !bar.querySelector('button[data-md="' + kind + '"]')) return;
      ev.preventDefault();
      applyMd(ta, kind);
    });
    bar.hidden = false;
  });

  // b. Live previews, one per language.
  var previews = {}; // lang → refresh function
  var sessionOver = {}; // lang → its last preview found the session ended
  // Back to this tab (after logging in in another): the previews that
  // found the session ended try again at once.
  window.addEventListener('focus', function () {
    Object.keys(sessionOver).forEach(function (l) { if (sessionOver[l] && previews[l]) previews[l](true); });
  });
  var PREVIEW_DELAY = 600;

  // ended says below the preview that the session ended (a preview
  // request refused: 401, or sent to the login page), or takes it away.
  function makePreview(iframe, lang, ended) {
    var seq = 0;      // number of the latest request sent
    var shown = 0;    // number of the request now on screen
    var busy = false; // a request is in flight
    var again = false; // input arrived while busy
    var timer = 0;

    function load() {
      if (busy) { again = true; return; }
      busy = true;
      again = false;
      var n = ++seq;
      fetch('/admin/preview?lang=' + encodeURIComponent(lang), {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'manual'
      }).then(function (res) {
        // The session ended: the preview is refused, or sent to the login
        // page. Say so; the text stays in the form, the last preview on
        // screen, and the next edit (or coming back to the tab after
        // logging in in another) tries again.
        var over = res.status === 401 || res.type === 'opaqueredirect';
        if (n > shown) ended(over);
        if (!res.ok) throw new Error('preview: HTTP ' + res.status);
        return res.text();
      }).then(function (html) {
        if (n > shown) { // drop answers older than the one shown
          shown = n;
          iframe.srcdoc = html;
        }
      }).catch(function () {
        // Keep the last good preview; the next edit tries again.
      }).then(function () {
        busy = false;
        if (again) load();
      });
    }

    return function refresh(now) {
      clearTimeout(timer);
      if (now) load();
      else timer = setTimeout(load, PREVIEW_DELAY);
    };
  }

  Array.prototype.forEach.call(form.querySelectorAll('textarea.md[data-preview]'), function (ta) {
    var id = ta.getAttribute('data-preview');
    var iframe = document.getElementById(id);
    if (!iframe || iframe.tagName !== 'IFRAME' || id.indexOf('preview-') !== 0) return;
    var lang = id.slice('preview-'.length);
    if (!lang || previews[lang]) return;
    // The preview is sanitized server-side; also run it without scripts or
    // top navigation. Same origin keeps its stylesheet loading under the CSP.
    iframe.setAttribute('sandbox', 'allow-same-origin allow-popups allow-popups-to-escape-sandbox');
    iframe.hidden = false;
    // Show the article, not the site's header, and let the editor see it
    // as a phone would.
    iframe.addEventListener('load', function () {
      var doc = iframe.contentDocument;
      var h = doc && doc.querySelector('main h1, main');
      if (h) iframe.contentWindow.scrollTo(0, h.getBoundingClientRect().top + iframe.contentWindow.scrollY - 8);
    });
    var width = document.createElement('button');
    width.type = 'button';
    width.className = 'secondary preview-width';
    width.textContent = iframe.getAttribute('data-msg-phone');
    width.addEventListener('click', function () {
      var phone = iframe.classList.toggle('phone');
      width.textContent = iframe.getAttribute(phone ? 'data-msg-wide' : 'data-msg-phone');
    });
    iframe.parentNode.insertBefore(width, iframe);
    var endedNote = form.querySelector('[data-preview-ended="' + lang + '"]');
    previews[lang] = makePreview(iframe, lang, function (over) {
      if (endedNote) endedNote.hidden = !over;
      sessionOver[lang] = over;
    });
    previews[lang](true);
  });

  // Fields named "x.XX" (title.en, article.0.body.ru) concern one language;
  // the rest (status, publish_at, period) concern every preview.
  function refreshFor(el) {
    var name = el && el.name ? el.name : '';
    var lang = name.slice(name.lastIndexOf('.') + 1);
    if (name.indexOf('.') > 0 && previews[lang]) { previews[lang](); return; }
    Object.keys(previews).forEach(function (l) { previews[l](); });
  }
  form.addEventListener('input', function (ev) { refreshFor(ev.target); });
  form.addEventListener('change', function (ev) {
    if (ev.target.tagName === 'SELECT' || ev.target.type === 'checkbox') refreshFor(ev.target);
  });

  // c. Slug suggestions from titles.
  Array.prototype.forEach.call(form.querySelectorAll('input[data-slug-source]'), function (title) {
    var slug = form.elements.namedItem(title.getAttribute('data-slug-source'));
    if (!slug || slug.tagName !== 'INPUT') return;
    // Only an empty slug is taken over: a saved one may already be public.
    // A new entry's form sent back with errors holds the slug that
    // followed its title: nothing is saved, so it goes on following.
    var isNew = /^\/admin\/entries\/new\b/.test(form.getAttribute('action') || '');
    var last = isNew && slug.value === slugify(title.value, (slug.name.split('.')[1] || '')) ? slug.value : '';
    function follow() {
      if (slug.value !== '' && slug.value !== last) return; // edited by hand
      last = slugify(title.value, (slug.name.split('.')[1] || ''));
      slug.value = last;
    }
    title.addEventListener('input', follow);
    if (title.value !== title.defaultValue) follow(); // typed before this script ran
  });

  // d. Warn before leaving with unsaved changes (what differs from what
  // was served, typed before this script ran or after).
  function snapshot() {
    return new URLSearchParams(new FormData(form)).toString();
  }
  var saved = servedFields(form).toString();
  // A form sent back with errors, or filled by a button (data-unsaved),
  // holds changes that are not saved yet.
  var rejected = !!form.querySelector('.form-error, .field-error') || form.hasAttribute('data-unsaved');
  var submitting = false;

  // On the document, after the question of a data-confirm button: a
  // submission the editor said no to leaves nothing.
  document.addEventListener('submit', function (ev) {
    if (ev.target !== form) return;
    // The Preview button opens a new tab: this page stays, so keep guarding.
    var by = ev.submitter;
    if (ev.defaultPrevented || (by && (by.getAttribute('formtarget') || '') === '_blank')) return;
    submitting = true;
  });
  // The conflict page's "Discard my changes" leaves as it says.
  Array.prototype.forEach.call(document.querySelectorAll('a[data-discard]'), function (a) {
    a.addEventListener('click', function () { submitting = true; });
  });
  window.addEventListener('pageshow', function (ev) {
    if (ev.persisted) submitting = false; // back from the next page
  });
  window.addEventListener('beforeunload', function (ev) {
    if (submitting || (!rejected && snapshot() === saved)) return;
    ev.preventDefault();
    ev.returnValue = 'unsaved'; // older browsers need a non-empty value
    return 'unsaved';
  });
})();

// e. Focal point: a click on an image's preview sets it (the number fields
// stay for keyboards and browsers without this file).
(function () {
  'use strict';
  var picker = typeof document !== 'undefined' && document.querySelector('[data-focal]');
  if (!picker) return;
  var img = picker.querySelector('img');
  var mark = picker.querySelector('.focal-mark');
  var form = picker.closest('form');
  var fx = form.elements.namedItem('focus_x');
  var fy = form.elements.namedItem('focus_y');
  function show() {
    mark.style.left = Number(fx.value) + '%';
    mark.style.top = Number(fy.value) + '%';
    mark.hidden = false;
  }
  img.addEventListener('click', function (ev) {
    var r = img.getBoundingClientRect();
    fx.value = Math.round((ev.clientX - r.left) / r.width * 1000) / 10;
    fy.value = Math.round((ev.clientY - r.top) / r.height * 1000) / 10;
    show();
  });
  fx.addEventListener('input', show);
  fy.addEventListener('input', show);
  show();
})();

// f. Photos. The entry editor's picker dialog (templates/admin/partials/
// image_picker.html): choose a photo from the library or upload one (file
// button, drop, paste — also straight into a text), set its focal point
// and its texts in every language, then insert it in the text as a figure
// line, ![…](media:ID), or make it the lead image. And the media library's
// forms take a dropped file. Without this file none of it shows: the lead
// image is chosen from the select, and photos are set up in the library.
(function () {
  'use strict';
  if (typeof document === 'undefined') return;

  function hasFiles(ev) {
    var types = ev.dataTransfer && ev.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, 'Files') >= 0;
  }

  function firstImage(files) {
    for (var i = 0; files && i < files.length; i++) {
      if (/^image\//.test(files[i].type) || /\.(heic|heif)$/i.test(files[i].name)) return files[i];
    }
    return null;
  }

  // The media library: a file dropped on an upload form is uploaded.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-drop-upload]'), function (f) {
    var input = f.querySelector('input[type=file]');
    var hint = f.querySelector('.drop-hint');
    if (!input) return;
    if (hint) hint.hidden = false;
    f.addEventListener('dragover', function (ev) {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      f.classList.add('dragging');
    });
    f.addEventListener('dragleave', function () { f.classList.remove('dragging'); });
    f.addEventListener('drop', function (ev) {
      if (!hasFiles(ev)) return;
      ev.preventDefault();
      f.classList.remove('dragging');
      input.files = ev.dataTransfer.files;
      if (f.requestSubmit) f.requestSubmit(); else f.submit();
    });
  });

  var dlg = document.getElementById('image-picker');
  var form = document.getElementById('entry-form');
  if (!dlg || !form || typeof dlg.showModal !== 'function') return;

  var chooseStep = dlg.querySelector('[data-step="choose"]');
  var detailsStep = dlg.querySelector('[data-step="details"]');
  var results = dlg.querySelector('[data-picker-results]');
  var searchBox = dlg.querySelector('[data-picker-search]');
  var fileInput = dlg.querySelector('[data-picker-file]');
  var status = dlg.querySelector('[data-picker-status]');
  var focal = dlg.querySelector('[data-picker-focal]');
  var mark = focal.querySelector('.focal-mark');
  var img = document.createElement('img');
  img.alt = focal.dataset.alt;
  focal.insertBefore(img, mark);
  var fx = detailsStep.querySelector('input[name="focus_x"]');
  var fy = detailsStep.querySelector('input[name="focus_y"]');
  var decorative = detailsStep.querySelector('input[name="decorative"]');
  var back = dlg.querySelector('[data-picker-back]');
  var uses = dlg.querySelectorAll('[data-picker-use]');
  // The lead image picker being filled: the shared one (lead_image) or a
  // language's own (lead_image.ru), and its preview.
  var leadSelect = null;
  var leadPreview = null;

  var mode = 'figure'; // or 'lead'
  var target = null;   // the textarea a figure goes into
  var sel = [0, 0];    // its selection when the picker opened
  var current = null;  // the photo chosen
  var searchTimer = 0;
  var searchSeq = 0;

  function msg(name, vars) {
    var s = dlg.getAttribute('data-msg-' + name) || '';
    Object.keys(vars || {}).forEach(function (k) { s = s.split('{' + k + '}').join(vars[k]); });
    return s;
  }

  function say(text) { status.textContent = text || ''; }

  // request sends a request that must answer JSON; an ended session (the
  // login page) or another failure becomes a message.
  function request(url, opts) {
    opts = opts || {};
    opts.credentials = 'same-origin';
    opts.headers = { Accept: 'application/json' };
    return fetch(url, opts).then(function (res) {
      var type = res.headers.get('Content-Type') || '';
      if (res.redirected || type.indexOf('application/json') !== 0) {
        throw new Error(res.redirected || res.status === 401 ? msg('session') : msg('failed', { status: res.status }));
      }
      return res.json().then(function (body) { return { status: res.status, body: body }; });
    }, function () {
      throw new Error(msg('failed', { status: 'offline' }));
    });
  }

  function showStep(details) {
    chooseStep.hidden = details;
    detailsStep.hidden = !details;
    back.hidden = !details;
    Array.prototype.forEach.call(uses, function (b) {
      b.hidden = !details || b.getAttribute('data-picker-use') !== mode;
    });
  }

  function open(m, ta) {
    mode = m;
    target = ta || null;
    if (ta) sel = [ta.selectionStart, ta.selectionEnd];
    current = null;
    say('');
    showStep(false);
    // The list of the last opening goes: it would be clicked while the
    // fresh one replaces it (a press on one button, the release on its
    // successor, is no click).
    results.textContent = '';
    if (!dlg.open) dlg.showModal();
    search(true);
  }

  function search(now) {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      var n = ++searchSeq;
      request('/admin/media/photos?q=' + encodeURIComponent(searchBox.value.trim())).then(function (r) {
        if (n !== searchSeq) return;
        results.textContent = '';
        var photos = r.body.photos || [];
        if (!photos.length) {
          var li = document.createElement('li');
          li.className = 'empty';
          li.textContent = msg('none');
          results.appendChild(li);
        }
        photos.forEach(function (p) {
          var li = document.createElement('li');
          var b = document.createElement('button');
          b.type = 'button';
          b.setAttribute('data-photo', p.id);
          var t = document.createElement('img');
          t.src = p.thumb;
          t.alt = '';
          t.width = 120;
          t.height = 120;
          t.loading = 'lazy';
          var name = document.createElement('span');
          name.textContent = p.name;
          b.appendChild(t);
          b.appendChild(name);
          b.addEventListener('click', function () { details(p); });
          li.appendChild(b);
          results.appendChild(li);
        });
      }).catch(function (err) { say(err.message); });
    }, now ? 0 : 250);
  }

  function upload(file) {
    if (!file) return;
    say(msg('uploading', { name: file.name }));
    var body = new FormData();
    body.append('file', file, file.name);
    body.append('want', 'photo');
    request('/admin/media', { method: 'POST', body: body }).then(function (r) {
      if (r.body.error) { say(r.body.error); return; }
      if (!r.body.photo) { say(msg('not-photo')); return; }
      say('');
      details(r.body.photo);
    }).catch(function (err) { say(err.message); });
  }

  function showMark() {
    mark.style.left = Number(fx.value) + '%';
    mark.style.top = Number(fy.value) + '%';
  }

  function clearErrors() {
    Array.prototype.forEach.call(detailsStep.querySelectorAll('[data-error-for]'), function (e) {
      e.hidden = true;
      e.textContent = '';
    });
  }

  function details(p) {
    current = p;
    clearErrors();
    img.src = p.preview;
    img.width = Math.min(p.width, 640);
    img.height = Math.round(img.width * p.height / p.width);
    fx.value = p.focusX;
    fy.value = p.focusY;
    decorative.checked = !!p.decorative;
    Object.keys(p.texts).forEach(function (lang) {
      ['alt', 'caption', 'credit'].forEach(function (f) {
        var el = detailsStep.querySelector('input[name="' + f + '.' + lang + '"]');
        if (el) el.value = p.texts[lang][f] || '';
      });
    });
    showMark();
    showStep(true);
    var first = detailsStep.querySelector('input[name^="alt."]');
    if (first) first.focus();
  }

  img.addEventListener('click', function (ev) {
    var r = img.getBoundingClientRect();
    fx.value = Math.round((ev.clientX - r.left) / r.width * 1000) / 10;
    fy.value = Math.round((ev.clientY - r.top) / r.height * 1000) / 10;
    showMark();
  });
  fx.addEventListener('input', showMark);
  fy.addEventListener('input', showMark);

  // The language of a text box: body.en, article.0.body.ru.
  function langOf(ta) {
    var name = ta ? ta.name : '';
    return name.slice(name.lastIndexOf('.') + 1);
  }

  function insertFigure(p) {
    var ta = target;
    var label = ((p.texts[langOf(ta)] || {}).alt || p.name).replace(/[\[\]\r\n]+/g, ' ').trim();
    var line = '![' + label + '](media:' + p.id + ')';
    var before = ta.value.slice(0, sel[0]);
    var after = ta.value.slice(sel[1]);
    // A figure is a paragraph of its own.
    var pre = before === '' || /\n\n$/.test(before) ? '' : (/\n$/.test(before) ? '\n' : '\n\n');
    var post = after === '' || /^\n\n/.test(after) ? '' : (/^\n/.test(after) ? '\n' : '\n\n');
    var text = pre + line + post;
    ta.focus();
    ta.setRangeText(text, sel[0], sel[1], 'end');
    var caret = sel[0] + pre.length + line.length;
    ta.setSelectionRange(caret, caret);
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function useAsLead(p) {
    if (!leadSelect) return;
    var opt = leadSelect.querySelector('option[value="' + p.id + '"]');
    if (!opt) {
      opt = document.createElement('option');
      opt.value = String(p.id);
      leadSelect.appendChild(opt);
    }
    var alt = (p.texts[document.documentElement.lang] || {}).alt;
    opt.textContent = p.name + (alt ? ' — ' + alt : '');
    leadSelect.value = String(p.id);
    leadSelect.dispatchEvent(new Event('change', { bubbles: true }));
    if (leadPreview) {
      leadPreview.textContent = '';
      var t = document.createElement('img');
      t.src = p.thumb;
      t.alt = '';
      t.width = 120;
      t.height = 120;
      leadPreview.appendChild(t);
    }
  }

  // use saves the photo's focal point and texts, then places it.
  function use() {
    if (!current) return;
    clearErrors();
    var body = new URLSearchParams();
    Array.prototype.forEach.call(detailsStep.querySelectorAll('input[name]'), function (el) {
      if (el.type === 'checkbox') { if (el.checked) body.append(el.name, el.value); } else body.append(el.name, el.value);
    });
    request(current.page, { method: 'POST', body: body }).then(function (r) {
      if (r.body.errors) {
        Object.keys(r.body.errors).forEach(function (field) {
          var e = detailsStep.querySelector('[data-error-for="' + field + '"]') || status;
          e.textContent = r.body.errors[field];
          e.hidden = false;
        });
        return;
      }
      var p = r.body.photo || current;
      if (mode === 'lead') useAsLead(p); else if (target) insertFigure(p);
      dlg.close();
    }).catch(function (err) { say(err.message); });
  }

  Array.prototype.forEach.call(uses, function (b) { b.addEventListener('click', use); });
  back.addEventListener('click', function () { current = null; say(''); showStep(false); searchBox.focus(); });
  dlg.querySelector('[data-picker-cancel]').addEventListener('click', function () { dlg.close(); });
  searchBox.addEventListener('input', function () { search(false); });
  fileInput.addEventListener('change', function () {
    upload(fileInput.files[0]);
    fileInput.value = '';
  });
  var zone = dlg.querySelector('[data-drop]');
  zone.addEventListener('dragover', function (ev) {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', function () { zone.classList.remove('dragging'); });
  zone.addEventListener('drop', function (ev) {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    zone.classList.remove('dragging');
    upload(firstImage(ev.dataTransfer.files));
  });
  dlg.addEventListener('paste', function (ev) {
    var f = firstImage(ev.clipboardData && ev.clipboardData.files);
    if (!f || !chooseStep.offsetParent) return;
    ev.preventDefault();
    upload(f);
  });

  // The toolbars' Image buttons, and photos pasted or dropped into a text.
  Array.prototype.forEach.call(form.querySelectorAll('.md-toolbar[data-for] button[data-md="image"]'), function (b) {
    var ta = document.getElementById(b.closest('.md-toolbar').getAttribute('data-for'));
    b.addEventListener('click', function () { open('figure', ta); });
  });
  Array.prototype.forEach.call(form.querySelectorAll('textarea.md'), function (ta) {
    ta.addEventListener('paste', function (ev) {
      var f = firstImage(ev.clipboardData && ev.clipboardData.files);
      if (!f) return;
      ev.preventDefault();
      open('figure', ta);
      upload(f);
    });
    ta.addEventListener('dragover', function (ev) { if (hasFiles(ev)) ev.preventDefault(); });
    ta.addEventListener('drop', function (ev) {
      var f = hasFiles(ev) && firstImage(ev.dataTransfer.files);
      if (!f) return;
      ev.preventDefault();
      open('figure', ta);
      upload(f);
    });
  });
  Array.prototype.forEach.call(form.querySelectorAll('[data-pick-lead]'), function (pickLead) {
    var name = pickLead.getAttribute('data-pick-lead');
    var select = form.elements.namedItem(name);
    if (!select) return;
    var preview = form.querySelector('[data-lead-preview="' + name + '"]');
    function openLead() {
      leadSelect = select;
      leadPreview = preview;
      open('lead');
    }
    pickLead.hidden = false;
    pickLead.addEventListener('click', openLead);
    var leadBox = pickLead.closest('[data-lead-box]') || pickLead.closest('fieldset');
    leadBox.addEventListener('dragover', function (ev) { if (hasFiles(ev)) ev.preventDefault(); });
    leadBox.addEventListener('drop', function (ev) {
      var f = hasFiles(ev) && firstImage(ev.dataTransfer.files);
      if (!f) return;
      ev.preventDefault();
      ev.stopPropagation();
      openLead();
      upload(f);
    });
  });
})();

// g. Nothing typed is lost. The entry form keeps a copy of itself in the
// browser as the editor types (localStorage); a page that opens with a
// copy different from what it holds offers to restore it (after a crash, a
// closed tab, or a save that never arrived). Each page keeps its own copy
// (the form's address and a name of the page's own): two tabs on one
// entry neither write over each other's copy nor drop it when one saves.
// Copies do not pile up: they expire after two weeks, a form keeps its
// newest few, Discard and a save drop the ones their page was done with.
(function () {
  if (typeof document === 'undefined') return;
  var form = document.getElementById('entry-form');
  if (!form || !window.localStorage || !window.fetch) return;
  var address = 'vestnik.draft:' + form.getAttribute('action');
  var marker = 'vestnik.saving';
  // On the conflict page the form holds the other editor's version, and
  // fields of its own (their texts, the choices): a copy kept there is the
  // editor's text as of the version they started from (base_version), so
  // that a copy restored later is saved as a conflict again, never over
  // the other editor's text unseen.
  var base = form.elements.namedItem('base_version');
  // fields is what a copy keeps of the form's fields as they are now (or
  // of p, the same fields at another time).
  function fields(withVersion, p) {
    p = p || new URLSearchParams(new FormData(form));
    p.delete('action');
    p.delete('preview_lang');
    ['conflicts', 'base_version'].forEach(function (k) { p.delete(k); });
    Array.from(p.keys()).forEach(function (k) { if (/^(theirs|choose)\./.test(k)) p.delete(k); });
    if (!withVersion) p.delete('version');
    else if (base && base.value) p.set('version', base.value);
    return p;
  }
  function ours(k) { return k === address || k.indexOf(address + '#') === 0; }
  // A copy lasts two weeks at most (an abandoned one is not offered for
  // ever), and a form keeps its newest few: the copies are whole entry
  // texts, and a full localStorage would quietly stop keeping any.
  var LASTS = 14 * 24 * 3600 * 1000;
  var FEW = 5;
  // all lists the copies kept by any page, of any form when every is
  // set (else of this one), newest first. (One kept under the bare
  // address is from before copies were per page.)
  function all(every) {
    var out = [];
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (!(every ? k.indexOf('vestnik.draft:') === 0 : ours(k))) continue;
        var v = localStorage.getItem(k) || '';
        var c = null;
        try { c = JSON.parse(v || 'null'); } catch (e) { /* not a copy */ }
        out.push({ key: k, at: (c && c.at) || 0, fields: c && c.fields, size: k.length + v.length });
      }
    } catch (e) { /* private mode */ }
    return out.sort(function (a, b) { return b.at - a.at; });
  }
  function copies() { return all(false).filter(function (c) { return !!c.fields; }); }
  function forget(k) { try { localStorage.removeItem(k); } catch (e) { /* private mode */ } }
  function versionOf(c) { return Number(new URLSearchParams(c.fields || '').get('version')) || 0; }

  // A save that just succeeded: the page says so (a flash, no errors),
  // and the copy the saving page kept goes (another tab's stays), with
  // the copies it had done with: those older than the one it restored,
  // and those its notice offered and the editor saved over (each only as
  // it was then: a copy kept since, or after the save, stays). A page
  // that holds what is not saved (sent back with errors, filled by a
  // button, or the conflict page: data-unsaved) offers no copy over it,
  // and goes on keeping the saving page's copy until a save succeeds.
  var saving = null;
  try { saving = JSON.parse(sessionStorage.getItem(marker) || 'null'); } catch (e) { /* not JSON */ }
  if (typeof saving === 'string') saving = { key: saving };
  sessionStorage.removeItem(marker);
  var failed = !!form.querySelector('.form-error, .field-error') || form.hasAttribute('data-unsaved');
  var version = function () {
    var v = form.elements.namedItem('version');
    return Number(v && v.value) || 0;
  };
  // (The saving page's form may be another: a new entry's, saved.)
  if (saving && saving.key && !failed && document.querySelector('.flash')) {
    forget(saving.key);
    var now = version();
    var seen = {};
    (saving.seen || []).forEach(function (s) { seen[s.key] = s.at; });
    var its = saving.key.replace(/#[^#]*$/, '');
    all(true).forEach(function (c) {
      if (c.key !== its && c.key.indexOf(its + '#') !== 0) return;
      if (saving.adopted && c.at < saving.adopted) forget(c.key);
      else if (seen[c.key] === c.at && c.at <= saving.at && versionOf(c) < now && saving.version < now) forget(c.key);
    });
  }
  var carried = saving && failed && saving.key && ours(saving.key);
  var key = carried ? saving.key
    : address + '#' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  // The copy this page restored (its time as offered), and the copies its
  // notice stands for while the editor neither restores nor discards.
  var adopted = carried ? saving.adopted || 0 : 0;
  var seenCopies = carried ? saving.seen || [] : [];

  // Expired copies go, of any form; this form keeps its newest few.
  (function () {
    var old = Date.now() - LASTS;
    all(true).forEach(function (c) { if (c.at < old && c.key !== key) forget(c.key); });
    copies().filter(function (c) { return c.key !== key; }).slice(FEW).forEach(function (c) { forget(c.key); });
  })();

  // room drops the oldest copies (of any form, never this page's own) to
  // free about n characters: a full localStorage keeps the newest.
  function room(n) {
    var cs = all(true).filter(function (c) { return c.key !== key; });
    for (var i = cs.length - 1; i >= 0 && n > 0; i--) {
      forget(cs[i].key);
      n -= cs[i].size;
    }
  }

  var served = fields(false, servedFields(form)).toString();
  function keep() {
    if (fields(false).toString() === served) return; // nothing typed yet
    var v = JSON.stringify({ at: Date.now(), fields: fields(true).toString() });
    try {
      localStorage.setItem(key, v);
    } catch (e) {
      // Full: the oldest copies make room, once; else (private mode) the
      // form still saves.
      room(key.length + v.length);
      try { localStorage.setItem(key, v); } catch (e2) { /* the form still saves */ }
    }
  }

  // The time a copy was kept, written as the admin's other times are
  // (i18n DateTime: the page's patterns, 24-hour time) in the site's time
  // zone (the browser's own when it does not know the zone).
  function when(at, tz, patterns) {
    var d = new Date(at);
    var part = { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes() };
    try {
      new Intl.DateTimeFormat('en-US', {
        timeZone: tz, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23'
      }).formatToParts(d).forEach(function (p) { if (p.type in part) part[p.type] = Number(p.value); });
    } catch (e) { /* an unknown zone: the browser's */ }
    function two(n) { return (n < 10 ? '0' : '') + n; }
    var pattern = (patterns || [])[part.month - 1] || '{y}-{m}-{d} {t}';
    return pattern.replace('{d}', part.day).replace('{m}', two(part.month)).replace('{y}', part.year)
      .replace('{t}', two(part.hour % 24) + ':' + two(part.minute));
  }
  function datePatterns(el) {
    try { return JSON.parse(el.getAttribute('data-dates') || '[]'); } catch (e) { return []; }
  }

  // The newest copy that says other than the page is offered; one that
  // says what the page holds is done with.
  var notice = form.querySelector('[data-autosave-notice]');
  var copy = null;
  if (!failed) {
    copies().forEach(function (c) {
      var p = new URLSearchParams(c.fields);
      p.delete('version');
      if (p.toString() === served) forget(c.key);
      else if (!copy && c.key !== key) copy = c;
    });
  }
  if (copy && notice) {
    seenCopies = copies().filter(function (c) { return c.key !== key && c.at <= copy.at; })
      .map(function (c) { return { key: c.key, at: c.at }; });
    notice.querySelector('[data-autosave-text]').textContent = notice.getAttribute('data-msg')
      .replace('{when}', when(copy.at, notice.getAttribute('data-tz'), datePatterns(notice)));
    notice.hidden = false;
  }
  // Discarding one's changes on the conflict page discards their copy.
  Array.prototype.forEach.call(document.querySelectorAll('a[data-discard]'), function (a) {
    a.addEventListener('click', function () { forget(key); });
  });
  if (notice) {
    // Restore brings back the copy the notice offers, as read when the
    // page opened: typing meanwhile keeps a copy of its own, over it.
    notice.querySelector('[data-autosave-restore]').addEventListener('click', function () {
      var c = copy;
      if (!c || !c.fields) return;
      var p = new URLSearchParams(c.fields);
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === 'submit' || el.type === 'button' || el.type === 'file') return;
        if (el.type === 'checkbox' || el.type === 'radio') {
          el.checked = p.getAll(el.name).indexOf(el.value) >= 0;
        } else if (p.has(el.name)) {
          el.value = p.get(el.name);
        } else {
          return;
        }
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      notice.hidden = true;
      // The page carries that copy on (what was typed over the offer
      // went with Restore): a save drops it, a discard too.
      clearTimeout(timer);
      if (c.key !== key) forget(key);
      key = c.key;
      adopted = c.at;
      seenCopies = [];
      keep();
    });
    // Discard drops every copy the notice stands for: the one offered and
    // the older ones behind it (each as it was then: one kept since stays).
    notice.querySelector('[data-autosave-discard]').addEventListener('click', function () {
      var gone = {};
      seenCopies.forEach(function (s) { gone[s.key] = s.at; });
      copies().forEach(function (c) { if (gone[c.key] === c.at) forget(c.key); });
      seenCopies = [];
      notice.hidden = true;
    });
  }

  // What was typed before this script ran is kept at once, unless a copy
  // is offered: Restore would replace that typing with the copy, and a
  // copy kept now would be one more to choose from (the next keystroke
  // keeps it, under this page's own name).
  if (!notice || notice.hidden) keep();

  var timer = 0;
  function later() { clearTimeout(timer); timer = setTimeout(keep, 400); }
  form.addEventListener('input', later);
  form.addEventListener('change', later);

  // A save that goes: the copy waits for its success (above). (On the
  // document, after a data-confirm button's question: a no sends nothing.)
  document.addEventListener('submit', function (ev) {
    if (ev.target !== form) return;
    clearTimeout(timer);
    keep();
    var by = ev.submitter;
    if (!ev.defaultPrevented && !(by && (by.getAttribute('formtarget') || '') === '_blank')) {
      sessionStorage.setItem(marker, JSON.stringify({
        key: key, at: Date.now(), version: version(), adopted: adopted,
        seen: seenCopies
      }));
    }
  });
})();

// g2. A form sent after the session ended would be refused and what was
// typed lost: every admin form that posts first asks whether the session
// lasts; if it ended, a dialog asks for the password here, logs in, and
// then sends the form.
(function () {
  if (typeof document === 'undefined' || !window.fetch) return;
  var dialog = document.getElementById('relogin');
  if (!dialog || !dialog.showModal) return;
  var checked = null; // the form let through after the check
  var pending = null; // the form and button that asked
  function send() {
    var f = pending.form;
    checked = f;
    if (f.requestSubmit) f.requestSubmit(pending.by || undefined); else f.submit();
  }
  // The session ended: the check is sent to the login page, or refused.
  // Any other answer (an error on the way) is no reason to hold the form.
  function alive() {
    return fetch('/admin/session', { credentials: 'same-origin', redirect: 'manual', cache: 'no-store' })
      .then(function (r) { return !(r.type === 'opaqueredirect' || r.status === 401); });
  }
  document.addEventListener('submit', function (ev) {
    var f = ev.target, by = ev.submitter;
    var method = ((by && by.getAttribute('formmethod')) || f.getAttribute('method') || 'get').toLowerCase();
    var action = (by && by.getAttribute('formaction')) || f.getAttribute('action') || '';
    if (method !== 'post' || dialog.contains(f) || /^\/admin\/log(in|out)\b/.test(action)) return;
    if (by && (by.getAttribute('formtarget') || '') === '_blank') return; // preview, in a new tab
    if (checked === f) { checked = null; return; }
    ev.preventDefault();
    pending = { form: f, by: by || null };
    alive().then(function (ok) {
      if (ok) { send(); return; }
      dialog.querySelector('[data-relogin-failed]').hidden = true;
      dialog.showModal();
      dialog.querySelector('input[name=password]').focus();
    }, send); // the network failed: let the browser try, and say why
  }, true);
  dialog.querySelector('[data-relogin-cancel]').addEventListener('click', function () { dialog.close(); });
  dialog.querySelector('[data-relogin-form]').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var pw = dialog.querySelector('input[name=password]');
    var body = new URLSearchParams({ email: dialog.getAttribute('data-user-email') || '', password: pw.value });
    pw.value = '';
    function refused() {
      dialog.querySelector('[data-relogin-failed]').hidden = false;
      pw.focus();
    }
    fetch('/admin/login', { method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual' })
      .then(alive)
      .then(function (ok) {
        if (!ok) { refused(); return; }
        dialog.close();
        send();
      }, refused);
  });
})();

// j. Changes other forms would lose. Outside the entry editor (d), a page
// may hold several forms (the menu: one per row): sending one drops what
// was typed into the others, and leaving drops everything. Sending asks
// first when another form holds changes; leaving warns.
(function () {
  if (typeof document === 'undefined' || document.getElementById('entry-form')) return;
  var ask = document.body.getAttribute('data-msg-other-changes') || '';
  function posts(f) { return f && (f.getAttribute('method') || '').toLowerCase() === 'post' && !f.closest('dialog'); }
  // What was typed: text, not the boxes a list ticks for a bulk action.
  var fields = Array.prototype.filter.call(document.querySelectorAll('input, textarea'), function (el) {
    return posts(el.form) && (el.tagName === 'TEXTAREA' || /^(text|email|number|url|tel|search|datetime-local|date)$/.test(el.type));
  });
  var served = Array.prototype.map.call(servedCopy(fields).elements, function (el) { return el.value; });
  // A form sent back with errors holds what is not saved yet.
  var rejected = !!document.querySelector('main form[method=post] :is(.form-error, .field-error)');
  function changed(except) {
    return fields.some(function (el, i) { return el.form !== except && el.value !== served[i]; });
  }
  var leaving = false;
  document.addEventListener('submit', function (ev) {
    if (ev.defaultPrevented || !posts(ev.target)) return;
    if (ask && changed(ev.target) && !window.confirm(ask)) { ev.preventDefault(); return; }
    leaving = true;
  });
  window.addEventListener('pageshow', function (ev) { if (ev.persisted) leaving = false; });
  window.addEventListener('beforeunload', function (ev) {
    if (leaving || !(rejected || changed(null))) return;
    ev.preventDefault();
    ev.returnValue = 'unsaved';
    return 'unsaved';
  });
})();

// h. Presence: while an entry's page is open, it says so every minute (and
// when the tab is shown again), so that another editor opening the entry
// is told who is working on it. It sends the version its form holds, and
// the answer says what to tell here: who else has the entry open, and who
// saved it after that version (the page is behind then).
(function () {
  if (typeof document === 'undefined' || !window.fetch) return;
  var form = document.getElementById('entry-form');
  var m = form && /^\/admin\/entries\/(\d+)$/.exec(form.getAttribute('action') || '');
  if (!m) return;
  var box = document.querySelector('[data-presence]');
  function show(lines) {
    if (!box || !Array.isArray(lines)) return;
    var now = Array.prototype.map.call(box.querySelectorAll('p'), function (p) { return p.textContent; });
    if (now.join('\n') === lines.join('\n')) return; // a live region: say news only
    box.textContent = '';
    lines.forEach(function (line) {
      var p = document.createElement('p');
      p.textContent = line;
      box.appendChild(p);
    });
    box.hidden = lines.length === 0;
  }
  function ping() {
    if (document.visibilityState === 'hidden') return;
    var version = form.elements.namedItem('version');
    var body = new URLSearchParams({ version: version ? version.value : '' });
    fetch('/admin/entries/' + m[1] + '/presence', {
      method: 'POST', body: body, credentials: 'same-origin', redirect: 'manual',
      headers: { Accept: 'application/json' }
    })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j) show(j.others); })
      .catch(function () { /* offline: the next minute tries again */ });
  }
  setInterval(ping, 60000);
  document.addEventListener('visibilitychange', ping);
})();

// i. Newsletter editions: a PDF is uploaded from the issue form itself,
// per language (file button or drop), and chosen as that language's
// edition at once. Without this file, the library link does it.
(function () {
  if (typeof document === 'undefined' || !window.fetch || !window.FormData) return;
  Array.prototype.forEach.call(document.querySelectorAll('[data-edition]'), function (box) {
    var up = box.querySelector('[data-edition-upload]');
    var input = box.querySelector('[data-edition-file]');
    var status = box.querySelector('[data-edition-status]');
    var select = box.querySelector('select');
    if (!up || !input || !select) return;
    up.hidden = false;
    function send(file) {
      if (!file) return;
      var body = new FormData();
      body.append('file', file, file.name);
      body.append('want', 'pdf');
      status.textContent = status.getAttribute('data-msg-uploading');
      fetch('/admin/media', { method: 'POST', body: body, credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) {
          // An ended session answers with the login page: say so in the
          // admin's language, not the browser's JSON error.
          if (r.redirected || r.status === 401) throw new Error(status.getAttribute('data-msg-session') || '');
          if ((r.headers.get('Content-Type') || '').indexOf('application/json') !== 0) throw new Error('HTTP ' + r.status);
          return r.json().then(function (j) { return { ok: r.ok, j: j }; });
        }, function () { throw new Error(''); }) // offline: the browser's words are in its language
        .then(function (res) {
          if (!res.ok || !res.j.file) throw new Error((res.j && res.j.error) || '');
          var f = res.j.file;
          var opt = Array.prototype.find.call(select.options, function (o) { return o.value === String(f.id); });
          if (!opt) {
            opt = document.createElement('option');
            opt.value = String(f.id);
            opt.textContent = f.name;
            select.insertBefore(opt, select.options[1] || null);
          }
          select.value = String(f.id);
          select.dispatchEvent(new Event('change', { bubbles: true }));
          status.textContent = f.name;
        })
        .catch(function (e) { status.textContent = status.getAttribute('data-msg-failed') + e.message; });
    }
    input.addEventListener('change', function () { send(input.files[0]); input.value = ''; });
    up.addEventListener('dragover', function (ev) { ev.preventDefault(); up.classList.add('dragging'); });
    up.addEventListener('dragleave', function () { up.classList.remove('dragging'); });
    up.addEventListener('drop', function (ev) {
      ev.preventDefault();
      up.classList.remove('dragging');
      if (ev.dataTransfer && ev.dataTransfer.files.length) send(ev.dataTransfer.files[0]);
    });
  });
})();
