// The township area's messages (namespace 'township'): use them with useTranslation('township').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: '乡镇民政服务站',
    nav: { home: '服务对象名册' },
    intro: '{{township}}的服务对象。查看完整身份证号须填写原因，每次查看都会留痕。',
  },
  en: {
    title: 'Township station',
    nav: { home: 'Recipient registry' },
    intro: 'The recipients of {{township}}. Showing a full ID number asks for a reason, and every reveal is logged.',
  },
});
