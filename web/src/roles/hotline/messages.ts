// The hotline area's messages (namespace 'hotline'): use them with useTranslation('hotline').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "热线工作台",
    nav: { home: '首页' },
    coming: {
      find: "按姓名、电话、服务卡号或身份证后几位查找服务对象",
      order: "代为下单",
      tickets: "记录和跟进投诉工单",
    },
  },
  en: {
    title: "Hotline console",
    nav: { home: 'Home' },
    coming: {
      find: "Find a recipient by name, phone, card number or last digits of the ID number",
      order: "Order on their behalf",
      tickets: "Record and follow complaint tickets",
    },
  },
});
