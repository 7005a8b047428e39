// The grid area's messages (namespace 'grid'): use them with useTranslation('grid').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "网格员",
    nav: { home: '首页' },
    coming: {
      recipients: "本网格村庄的服务对象",
      order: "代为下单",
      returnVisits: "回访与满意度问卷",
    },
  },
  en: {
    title: "Grid worker",
    nav: { home: 'Home' },
    coming: {
      recipients: "Recipients in your villages",
      order: "Order on their behalf",
      returnVisits: "Return visits with the questionnaire",
    },
  },
});
