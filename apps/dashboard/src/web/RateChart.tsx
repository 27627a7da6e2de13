import { type Accessor, createEffect, type JSX, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { RateSeries } from "./create-rate-history.ts";

const HEIGHT = 200;
/** Seconds of history on the x axis (the rate history keeps one sample a second). */
const WINDOW_SECONDS = 60;

/** A tick as seconds before the newest sample: short enough for a phone-width chart. */
const secondsAgo = (chart: uPlot, ticks: number[]): string[] => {
  const newest = chart.scales.x?.max ?? 0;
  return ticks.map((tick) => (newest - tick < 0.5 ? "now" : `−${Math.round(newest - tick)} s`));
};

/** Updates/s and deliveries/s over the last minute, drawn by uPlot and resized with its container. */
export function RateChart(props: { series: Accessor<RateSeries> }): JSX.Element {
  let container!: HTMLDivElement;

  onMount(() => {
    const chart = new uPlot(
      {
        width: Math.max(container.clientWidth, 200),
        height: HEIGHT,
        scales: {
          // Always the last minute, so the axis does not rescale while the first samples arrive.
          x: { time: true, range: (_chart, _min, max) => [max - WINDOW_SECONDS, max] },
          y: { range: (_chart, _min, max) => [0, Math.max(max, 5)] },
        },
        // The legend names the series; the figures above the chart give the current values.
        legend: { live: false },
        series: [
          {},
          { label: "updates/s", stroke: "#1d4ed8", width: 2 },
          { label: "deliveries/s", stroke: "#b45309", width: 2, dash: [6, 4] },
        ],
        axes: [
          // uPlot's default time labels add a date row that overlaps on narrow screens.
          { stroke: "#374151", values: secondsAgo },
          { stroke: "#374151", size: 56 },
        ],
      },
      props.series(),
      container,
    );
    createEffect(() => chart.setData(props.series()));

    const resize = new ResizeObserver(() => {
      chart.setSize({ width: Math.max(container.clientWidth, 200), height: HEIGHT });
    });
    resize.observe(container);
    onCleanup(() => {
      resize.disconnect();
      chart.destroy();
    });
  });

  return (
    <div
      class="chart"
      ref={container}
      role="img"
      aria-label="Updates per second and deliveries per second over the last minute"
    />
  );
}
