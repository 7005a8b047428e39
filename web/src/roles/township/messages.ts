// The township area's messages (namespace 'township'): use them with useTranslation('township').
import { defineMessages } from '../../app/i18n';

export const messages = defineMessages({
  zh: {
    title: '乡镇民政服务站',
    nav: { home: '服务对象名册', complaints: '待核实投诉' },
    intro: '{{township}}的服务对象。查看完整身份证号须填写原因，每次查看都会留痕。',
    escalated: {
      title: '超时升级的投诉',
      heading: '超时升级的投诉（{{count}} 件）',
      hint: '以下投诉没有在期限内核实，已升级到本站，请督促承办单位尽快核实。',
      ticket: '工单 #{{id}} {{category}}',
      waitingFor: '等待{{assignee}}核实',
      due: '期限 {{due}}',
      level: '已升级 {{count}} 次',
      fresh: '刚刚升级',
    },
  },
  en: {
    title: 'Township station',
    nav: { home: 'Recipient registry', complaints: 'Complaints to verify' },
    intro: 'The recipients of {{township}}. Showing a full ID number asks for a reason, and every reveal is logged.',
    escalated: {
      title: 'Escalated complaints',
      heading: 'Escalated complaints ({{count}})',
      hint: 'These complaints were not verified in time and have been escalated to the station: see that they are verified soon.',
      ticket: 'Ticket #{{id}} {{category}}',
      waitingFor: 'waiting for {{assignee}} to verify',
      due: 'due {{due}}',
      level: 'Escalated {{count}}×',
      fresh: 'Just escalated',
    },
  },
});
