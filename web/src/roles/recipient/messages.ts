// The recipient area's messages (namespace 'recipient'): use them with useTranslation('recipient').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "暖心服务",
    nav: { home: '首页' },
    coming: {
      catalog: "按类别浏览服务项目和价格",
      order: "三步内下单",
      orders: "订单实时状态",
      budget: "今年剩余额度",
      confirm: "确认服务并评价",
      complain: "投诉",
      call: "一键拨打热线",
    },
  },
  en: {
    title: "Nuanxin services",
    nav: { home: 'Home' },
    coming: {
      catalog: "Services by category, with prices",
      order: "Order in three taps or fewer",
      orders: "Live status of your orders",
      budget: "Budget left this year",
      confirm: "Confirm and rate a service",
      complain: "Complain",
      call: "Call the hotline",
    },
  },
});
