// The carer area's messages (namespace 'carer'): use them with useTranslation('carer').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "服务人员",
    nav: { home: '首页' },
    coming: {
      jobs: "今日工单",
      checkIn: "定位签到签退",
      workDone: "记录服务内容",
    },
  },
  en: {
    title: "Carer",
    nav: { home: 'Home' },
    coming: {
      jobs: "Today's jobs",
      checkIn: "Check in and out with your location",
      workDone: "Record what was done",
    },
  },
});
