// The township area's messages (namespace 'township'): use them with useTranslation('township').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: "乡镇民政服务站",
    nav: { home: '首页' },
    coming: {
      registry: "本乡镇服务对象名册",
      assessments: "救助会诊与服务卡",
    },
  },
  en: {
    title: "Township station",
    nav: { home: 'Home' },
    coming: {
      registry: "The township's recipient registry",
      assessments: "Needs assessments and service cards",
    },
  },
});
