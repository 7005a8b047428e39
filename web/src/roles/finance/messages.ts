// The finance area's messages (namespace 'finance'): use them with useTranslation('finance').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "财务结算",
    nav: { home: '首页' },
    coming: {
      settlements: "结算单审核与批准",
      downloads: "下载结算单",
      charts: "预算执行与服务人员收入图表",
    },
  },
  en: {
    title: "Finance",
    nav: { home: 'Home' },
    coming: {
      settlements: "Settlement review and approval",
      downloads: "Statement downloads",
      charts: "Charts of spending against budget and carer income",
    },
  },
});
