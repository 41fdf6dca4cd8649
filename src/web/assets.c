/*
 * assets.c — the style sheet, compiled into the binary (/static/style.css).
 *
 * Decisions:
 *  - One small hand-written sheet, no framework, no web fonts: the system
 *    font stacks load nothing and read well on every platform.
 *  - A readable measure: the text column is at most 65ch wide; the layout
 *    is one fluid column that holds down to a 320 px screen.
 *  - Contrast meets WCAG AA: text #1b1b1b on #fdfdfc, links #0b4f8a
 *    (contrast about 8:1), muted text #555 (7:1); marks keep dark text.
 *  - Focus is always visible (a 3 px outline on :focus-visible), never
 *    removed; the skip link appears when focused.
 *  - Dark mode follows prefers-color-scheme with the same contrast rules.
 *  - Print drops the header, footer, forms and buttons, and sets the
 *    text in a serif on white.
 *  - A reference's type is a small pill (.rtype) in its <summary>, in the
 *    text colour on the soft background (the same contrast as the text);
 *    its fields are a two-column grid (<dl class="fields">) that becomes
 *    one column on a phone.
 */
#include "pages.h"

const char web_style_css[] =
":root{--fg:#1b1b1b;--bg:#fdfdfc;--muted:#555;--link:#0b4f8a;--line:#d6d6d3;"
"--soft:#f1f0ec;--accent:#0b4f8a;--accent-fg:#fff;--mark:#fff1a8}\n"
"@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--bg:#161718;"
"--muted:#b0ada8;--link:#8cc4ff;--line:#3a3c3e;--soft:#222426;"
"--accent:#8cc4ff;--accent-fg:#0d0d0d;--mark:#5c4d00}}\n"
"*,*::before,*::after{box-sizing:border-box}\n"
"html{-webkit-text-size-adjust:100%}\n"
"body{margin:0;background:var(--bg);color:var(--fg);"
"font:1.0625rem/1.6 system-ui,-apple-system,\"Segoe UI\",Roboto,"
"\"Noto Sans\",\"Helvetica Neue\",Arial,sans-serif;overflow-wrap:break-word}\n"
"a{color:var(--link)}\n"
"a:hover{text-decoration-thickness:2px}\n"
":focus-visible{outline:3px solid var(--accent);outline-offset:2px}\n"
".skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:9}\n"
".skip:focus{left:.5rem}\n"
".vh{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
".wrap{max-width:72ch;margin:0 auto;padding:0 1rem}\n"
"header.site{border-bottom:1px solid var(--line);background:var(--soft)}\n"
"header.site .wrap{display:flex;flex-wrap:wrap;align-items:center;"
"gap:.5rem 1rem;padding-top:.6rem;padding-bottom:.6rem}\n"
".brand{font-weight:700;font-size:1.2rem;text-decoration:none;color:var(--fg)}\n"
"header.site form.search{flex:1 1 14rem;display:flex;gap:.4rem}\n"
"header.site nav{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:center}\n"
"header.site nav form{display:inline;margin:0}\n"
"main{display:block;padding:1rem 0 2rem}\n"
"main>.wrap>*{max-width:65ch}\n"
"h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}\n"
"h2{font-size:1.3rem;margin:1.8rem 0 .6rem}\n"
"h3{font-size:1.1rem}h4,h5,h6{font-size:1rem}\n"
".stats,.meta,.muted{color:var(--muted)}\n"
".stats{font-weight:600;margin:.2rem 0 1rem}\n"
".authors{margin:.2rem 0}\n"
".preview p{margin:0 0 1em}\n"
".marker{display:block;text-align:center;margin:1.5rem 0;padding:.4rem;"
"border-top:1px dashed var(--line);border-bottom:1px dashed var(--line);"
"color:var(--muted);font-style:italic;letter-spacing:.03em}\n"
".btn,button,input[type=submit]{display:inline-block;font:inherit;cursor:pointer;"
"padding:.45rem 1rem;border-radius:4px;border:1px solid var(--accent);"
"background:var(--accent);color:var(--accent-fg);text-decoration:none}\n"
".btn.secondary,button.secondary{background:transparent;color:var(--link)}\n"
"button.link{background:none;border:0;padding:0;color:var(--link);text-decoration:underline}\n"
".open{margin:1.5rem 0;padding:1rem;background:var(--soft);border-radius:6px}\n"
"input,select,textarea{font:inherit;color:var(--fg);background:var(--bg);"
"border:1px solid var(--muted);border-radius:4px;padding:.35rem .5rem;max-width:100%}\n"
"input[type=search]{flex:1 1 8rem;min-width:0}\n"
"label{display:block;font-weight:600;margin:.6rem 0 .2rem}\n"
"fieldset{border:1px solid var(--line);border-radius:6px;margin:1rem 0}\n"
".filters{display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:flex-end}\n"
".filters div{flex:0 1 auto}\n"
".filters input[type=number]{width:6.5rem}\n"
"ol.papers,ul.papers{list-style:none;padding:0}\n"
".papers li{margin:0 0 1.2rem}\n"
".papers .t{font-size:1.1rem;font-weight:600}\n"
".snippet{margin:.2rem 0}\n"
"mark{background:var(--mark);color:inherit;padding:0 .1em}\n"
"ul.facets{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem .8rem}\n"
".count{color:var(--muted)}\n"
".refs li,.notes li{margin:0 0 .5rem}\n"
".refs details{margin:.15rem 0 0}\n"
".refs summary{cursor:pointer;color:var(--muted);font-size:.9rem;width:fit-content}\n"
".rtype{display:inline-block;font-size:.8rem;font-weight:600;line-height:1.35;"
"padding:0 .5rem;border:1px solid var(--line);border-radius:1rem;"
"background:var(--soft);color:var(--fg);letter-spacing:.02em}\n"
"dl.fields{display:grid;grid-template-columns:max-content minmax(0,1fr);"
"gap:.15rem .9rem;margin:.4rem 0 .3rem;padding:.5rem .8rem;font-size:.95rem;"
"background:var(--soft);border-radius:6px}\n"
"dl.fields dt{color:var(--muted);font-weight:600}\n"
"dl.fields dd{margin:0;min-width:0}\n"
"ul.names{list-style:none;margin:0;padding:0}ul.names li{margin:0}\n"
".fields .k{color:var(--muted);font-size:.85em}\n"
".refs .exports{margin:.2rem 0 .6rem;font-size:.9rem}\n"
"ul.outline{list-style:none;padding-left:0}.outline .lv2{padding-left:1.2rem}"
".outline .lv3{padding-left:2.4rem}.outline .lv4,.outline .lv5,.outline .lv6{padding-left:3.6rem}\n"
"pre.cite{white-space:pre-wrap}\n"
".tags a{display:inline-block;margin:0 .4rem .4rem 0;padding:.1rem .5rem;"
"border:1px solid var(--line);border-radius:1rem;text-decoration:none}\n"
"pre,code{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,monospace;font-size:.9rem}\n"
"pre{background:var(--soft);padding:.8rem;overflow-x:auto;white-space:pre-wrap}\n"
"blockquote{margin:1rem 0;padding-left:1rem;border-left:3px solid var(--line)}\n"
"nav.pages{display:flex;flex-wrap:wrap;gap:1rem;margin:1.5rem 0}\n"
".error{border-left:4px solid #b00020;padding:.4rem .8rem;background:var(--soft)}\n"
".ok{border-left:4px solid #1b6e20;padding:.4rem .8rem;background:var(--soft)}\n"
"table{border-collapse:collapse}td,th{padding:.3rem .6rem;border-bottom:1px solid var(--line);text-align:left}\n"
"code.token{word-break:break-all;font-size:1.05em}\n"
"footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem;padding:1rem 0}\n"
"@media (max-width:30em){body{font-size:1rem}h1{font-size:1.45rem}"
"dl.fields{grid-template-columns:minmax(0,1fr)}dl.fields dd{margin-left:.8rem}"
"header.site .wrap{display:block}header.site form.search{margin:.4rem 0}}\n"
"@media print{header.site,footer.site,.skip,form,.open,button,.btn{display:none!important}"
"body{background:#fff;color:#000;font:11pt/1.45 Georgia,serif}"
"a{color:#000;text-decoration:none}.wrap{max-width:none}.marker{border-color:#999}}\n";
