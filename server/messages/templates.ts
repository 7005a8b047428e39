// What each message says, per event and language (issue 15). An SMS in mainland China is
// sent from a template the provider has approved, named by its code, with these parameters
// filled in (the codes are configuration: MESSAGE_TEMPLATE_CODES); a voice call reads the
// same sentence aloud; the log sender writes it. Parameters are plain values (a name, a time
// already worded for the county's clock), never a phone or an ID number.

export const MESSAGE_EVENTS = {
  // to a recipient, or the family member or guardian they chose
  order_taken: { zh: '您预约的{item}已有人接单：服务人员{carer}，{time}上门。', en: 'Your {item} is taken: {carer} comes {time}.' },
  visit_tomorrow: { zh: '提醒：明天{time}，服务人员{carer}上门为您{item}。', en: 'Reminder: {carer} comes tomorrow {time} for your {item}.' },
  visit_late: {
    zh: '服务人员{carer}还没到，我们正在联系，请稍等。有事请打热线{hotline}。',
    en: '{carer} is late: we are on it. Call {hotline} if you need us.',
  },
  visit_missed_sorry: {
    zh: '很抱歉，{time}的{item}没能上门，会再给您约时间。有事请打热线{hotline}。',
    en: 'Sorry: nobody came for your {item} at {time}. You will get a new time. Call {hotline} if you need us.',
  },
  visit_rebooked: { zh: '上次没能上门，很抱歉。新的时间是{time}。', en: 'Sorry we missed you. The new time is {time}.' },
  confirm_request: {
    zh: '服务人员{carer}已完成{item}。如属实，请把服务卡上的确认码告诉服务人员或在小程序里确认。',
    en: '{carer} has finished your {item}. If so, give them the code on your card, or confirm in the app.',
  },
  complaint_answered: { zh: '您反映的问题有了答复：{answer}', en: 'Your complaint has an answer: {answer}' },
  // to a carer
  job_new: { zh: '新的服务：{time}，{item}，{place}。', en: 'New job: {time}, {item}, {place}.' },
  job_changed: { zh: '服务时间改了：{item}改到{time}。', en: 'Job moved: {item} is now {time}.' },
  job_cancelled: { zh: '服务取消了：{time}的{item}。', en: 'Job cancelled: {item} at {time}.' },
  jobs_tomorrow: { zh: '明天有{count}项服务，第一项{time}。', en: 'Tomorrow: {count} jobs, the first at {time}.' },
  // to a dispatcher
  check_in_late: { zh: '服务人员{carer}已过{time}还没签到（订单#{order}）。', en: '{carer} has not checked in since {time} (order #{order}).' },
  visit_missed: { zh: '订单#{order}没有上门，请重新安排。', en: 'Order #{order} was missed: rebook it.' },
  order_unmatched: { zh: '订单#{order}已等了{minutes}分钟还没派出。', en: 'Order #{order} has waited {minutes} minutes unmatched.' },
  // to the hotline and township staff
  complaint_escalated: {
    zh: '投诉#{complaint}超时未处理，已升级到您这里（第{level}级）。',
    en: 'Complaint #{complaint} is overdue and now yours (level {level}).',
  },
} as const satisfies Record<string, { zh: string; en: string }>;

export type MessageEvent = keyof typeof MESSAGE_EVENTS;
export type MessageLanguage = 'zh-CN' | 'en';

/** The sentence of `event` in `language` with `params` filled in; a missing parameter is an error, not a blank. */
export function renderMessage(event: MessageEvent, language: MessageLanguage, params: Record<string, string | number>): string {
  const template = MESSAGE_EVENTS[event][language === 'en' ? 'en' : 'zh'];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`message ${event}: no value for {${name}}`);
    return String(value);
  });
}

/** The parameters a template needs, in order (for the provider's template and for checks). */
export function templateParams(event: MessageEvent): string[] {
  return [...MESSAGE_EVENTS[event].zh.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}
