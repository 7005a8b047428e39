// The evaluation area's messages (namespace 'evaluation'): use them with useTranslation('evaluation').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "第三方评估",
    nav: { home: '首页' },
    coming: {
      scores: "月度评分及明细",
      signOff: "抽样复核与签发",
      charts: "服务量与满意度图表",
    },
  },
  en: {
    title: "Evaluation",
    nav: { home: 'Home' },
    coming: {
      scores: "Monthly scores with breakdowns",
      signOff: "Sample review and sign-off",
      charts: "Charts of services and satisfaction",
    },
  },
});
