import { useId } from "react";
import type { ChartGeometry } from "~/domain/charts/chart-geometry.ts";

/**
 * The one chart (ADR 51): draws a geometry worked out on the server (app/domain/charts/geometry.server.ts) as an
 * SVG, lines or bars, with its title and description for screen readers, and a key. No charting library reaches
 * the browser. Series differ by colour and by dash or pattern, so the chart reads without colour; the page puts the
 * same figures in a table beneath it.
 */

const STYLES = [
  { colour: "#1d70b8", dash: undefined, label: "solid" },
  { colour: "#0b0c0c", dash: "6 4", label: "dashed" },
  { colour: "#00703c", dash: "2 3", label: "dotted" },
  { colour: "#d4351c", dash: "10 3 2 3", label: "dash-dot" },
] as const;

const styleOf = (index: number) => STYLES[index % STYLES.length]!;

export function Chart({ chart }: { chart: ChartGeometry }) {
  const id = useId();
  const { plot } = chart;
  return (
    <figure className="mb-4 max-w-full">
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        width="100%"
        style={{ maxWidth: `${chart.width}px` }}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        className="block h-auto overflow-visible"
      >
        <title id={`${id}-title`}>{chart.title}</title>
        <desc id={`${id}-desc`}>{chart.description}</desc>
        <g aria-hidden="true" fontSize="12" fill="#0b0c0c">
          {chart.yTicks.map((t) => (
            <g key={`y${t.label}`}>
              <line x1={plot.left} x2={plot.right} y1={t.at} y2={t.at} stroke="#b1b4b6" strokeWidth="1" />
              <text x={plot.left - 6} y={t.at} dy="0.32em" textAnchor="end">
                {t.label}
              </text>
            </g>
          ))}
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke="#0b0c0c" strokeWidth="1" />
          {chart.xTicks.map((t) => (
            <text key={`x${t.label}`} x={t.at} y={plot.bottom + 18} textAnchor="middle">
              {t.label}
            </text>
          ))}
          <text x={12} y={(plot.top + plot.bottom) / 2} textAnchor="middle" transform={`rotate(-90 12 ${(plot.top + plot.bottom) / 2})`}>
            {chart.yLabel}
          </text>
          {chart.series.map((s) => {
            const style = styleOf(s.style);
            if (chart.kind === "bar") {
              return (
                <g key={s.label} fill={style.colour} stroke="#0b0c0c" strokeWidth="1" strokeDasharray={style.dash}>
                  {s.marks.map((m) => (
                    <rect key={m.category} x={m.x} y={m.y} width={m.width} height={m.height} />
                  ))}
                </g>
              );
            }
            return (
              <g key={s.label}>
                {s.path ? <path d={s.path} fill="none" stroke={style.colour} strokeWidth="3" strokeDasharray={style.dash} /> : null}
                {s.marks.map((m) => (
                  <circle key={m.category} cx={m.x} cy={m.y} r="4" fill={style.colour} />
                ))}
              </g>
            );
          })}
        </g>
      </svg>
      <figcaption className="mt-2">
        <span className="sr-only">Key: </span>
        <ul className="flex flex-wrap gap-x-6 gap-y-1">
          {chart.series.map((s) => {
            const style = styleOf(s.style);
            return (
              <li key={s.label} className="flex items-center gap-2">
                <svg width="32" height="12" aria-hidden="true" focusable="false">
                  {chart.kind === "bar" ? (
                    <rect x="8" y="0" width="16" height="12" fill={style.colour} stroke="#0b0c0c" strokeDasharray={style.dash} />
                  ) : (
                    <line x1="0" x2="32" y1="6" y2="6" stroke={style.colour} strokeWidth="3" strokeDasharray={style.dash} />
                  )}
                </svg>
                {s.label} <span className="sr-only">({style.label})</span>
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}
