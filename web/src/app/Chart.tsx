// An Apache ECharts chart: <Chart option={...} label="..." />. Sized by its container (a
// ResizeObserver), in the app's language, disposed on unmount. Only the chart types and
// components registered below are bundled: add more with echarts.use() here.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, MarkLineComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

interface ChartProps {
  option: ChartOption;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  label: string;
  height?: number | string;
  /** Replace the previous option instead of merging into it (when series come and go). */
  notMerge?: boolean;
}

export function Chart({ option, label, height = 320, notMerge = false }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'EN' : 'ZH';

  useEffect(() => {
    const el = element.current!;
    const instance = echarts.init(el, undefined, { locale });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new locale makes a new chart instance, which needs the option again
  useEffect(() => {
    // the chart is described by its label: echarts' own description reads every value, NaN
    // for each one it lacks ("1月的数据是0，0，0，NaN"), and replaces the label on the element
    chart.current?.setOption({ aria: { enabled: true, label: { description: label } }, ...option }, { notMerge });
  }, [option, notMerge, locale, label]);

  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height }} />;
}
