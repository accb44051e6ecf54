"""The inline stylesheet of the printable handout (:mod:`pathway.present.handout`).

Self-contained: system fonts only, no external resources. The print rules keep cards whole,
print black on white and leave margins that fit both A4 and US Letter.
"""

HANDOUT_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 52rem; padding: 1.5rem;
  font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: #111; background: #fff;
}
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.05rem; margin: 0 0 .3rem; }
h4 { font-size: .95rem; margin: .6rem 0 .2rem; }
p, ul, ol { margin: .3rem 0 .5rem; }
.notice {
  border: 3px solid #000; background: #fff4cc; padding: .6rem .8rem; margin: .6rem 0;
  font-weight: 700;
}
.meta { color: #333; font-size: .9rem; }
.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .4rem 0; }
.summary dt { font-weight: 700; }
.summary dd { margin: 0; }
.stage-id, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em; }
.card {
  border: 1px solid #888; border-radius: 4px; padding: .6rem .8rem; margin: .5rem 0;
  break-inside: avoid; page-break-inside: avoid;
}
.red-flags { border: 3px solid #b00000; background: #fff0f0; }
.red-flags h2 { color: #b00000; border-bottom-color: #b00000; margin-top: 0; }
.referral h2 { margin-top: 0; }
main li { break-inside: avoid; page-break-inside: avoid; }
.urgent { font-weight: 700; color: #b00000; }
.option dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .2rem 0; }
.option dt { font-weight: 600; }
.option dd { margin: 0; }
.cites { font-size: .85rem; color: #333; }
a.cite { color: #0645ad; text-decoration: none; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; font-size: .92rem; }
th, td { border: 1px solid #888; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
tr { break-inside: avoid; page-break-inside: avoid; }
.refs li { margin-bottom: .3rem; break-inside: avoid; page-break-inside: avoid; }
.refs .label { font-weight: 700; }
footer { margin-top: 2rem; padding-top: .6rem; border-top: 2px solid #000; font-size: .9rem; }
@page { size: auto; margin: 18mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; color: #000; background: #fff; }
  * { color: #000 !important; background: #fff !important; box-shadow: none !important; }
  .notice, .red-flags { border-color: #000 !important; }
  a, a.cite { text-decoration: none; }
  a[href]::after { content: none !important; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  .card, tr, li, .notice { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
"""
