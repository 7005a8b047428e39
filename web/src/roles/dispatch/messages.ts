// The dispatch area's messages (namespace 'dispatch'): use them with useTranslation('dispatch').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "派单看板",
    nav: { home: '首页' },
    coming: {
      board: "实时订单看板",
      carers: "服务人员及其工作量",
      assign: "派单与改派（显示匹配理由）",
      flagged: "无人可派的订单",
    },
  },
  en: {
    title: "Dispatcher board",
    nav: { home: 'Home' },
    coming: {
      board: "Live order board",
      carers: "Carers with their load",
      assign: "Assign and reassign, with the matching reasons",
      flagged: "Flagged orders no carer fits",
    },
  },
});
