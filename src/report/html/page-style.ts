/** The page's inline stylesheet (no external resources: the file opens offline from file://). */
import { STATUS_COLOURS } from './timeline-svg.js';

const statusRules = Object.entries(STATUS_COLOURS)
  .map(
    ([status, colour]) =>
      `.s-${status.replace(/ /g, '-')},#rows tr[data-status="${status}"] td:nth-child(10){color:${colour};font-weight:600}`,
  )
  .join('\n');

/** CSS for the report page. */
export const PAGE_STYLE = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}
h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;margin:1.6em 0 .4em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.4em 0}#rows{table-layout:fixed;width:100%}#rows td{overflow-wrap:anywhere}
#rows td:nth-child(4){font-family:ui-monospace,monospace;font-size:12px}#rows td:nth-child(9){text-align:right;font-variant-numeric:tabular-nums}
details#all-rows>summary{cursor:pointer;font-weight:600;margin:.4em 0}th,td{padding:2px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #eee}
th{background:#f4f4f4;position:sticky;top:0}th[data-type]{cursor:pointer}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.path{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}
.header dt{font-weight:600;float:left;clear:left;width:9em}.header dd{margin:0 0 .2em 9em}
.exit-0{color:#2e7d32}.exit-bad{color:#c62828;font-weight:600}
.trap{border-left:4px solid #c62828;background:#fff3f3;padding:.5em 1em;margin:.6em 0}
.findings li{margin:.2em 0}.legend span{margin-right:1.2em}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em;vertical-align:-1px}
svg.timeline{display:block;max-width:100%;height:auto;font:11px system-ui,sans-serif;margin:.5em 0}
svg .window{fill:#fff1e0}svg .tick{stroke:#e4e4e4}svg text.tick{fill:#555;stroke:none;text-anchor:middle}
svg text.node{font-weight:600;fill:#222}svg text.cert{fill:#444}svg text.clip{fill:#333;text-anchor:end}
svg line.today{stroke:#1565c0;stroke-width:2}svg line.at{stroke:#6a1b9a;stroke-width:2;stroke-dasharray:4 3}
#controls{margin:.5em 0}#controls label{margin-right:1em}
${statusRules}
`;
