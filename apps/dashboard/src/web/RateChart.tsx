import { type Accessor, createEffect, type JSX, onCleanup, onMount } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { RateSeries } from "./create-rate-history.ts";

const HEIGHT = 200;

/** Updates/s and deliveries/s over the last minute, drawn by uPlot and resized with its container. */
export function RateChart(props: { series: Accessor<RateSeries> }): JSX.Element {
  let container!: HTMLDivElement;

  onMount(() => {
    const chart = new uPlot(
      {
        width: Math.max(container.clientWidth, 200),
        height: HEIGHT,
        scales: { x: { time: true }, y: { range: (_chart, _min, max) => [0, Math.max(max, 5)] } },
        series: [
          {},
          { label: "updates/s", stroke: "#1d4ed8", width: 2 },
          { label: "deliveries/s", stroke: "#b45309", width: 2, dash: [6, 4] },
        ],
        axes: [{ stroke: "#374151" }, { stroke: "#374151", size: 56 }],
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
