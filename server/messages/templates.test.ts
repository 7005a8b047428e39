import { describe, expect, it } from 'vitest';
import { MESSAGE_EVENTS, renderMessage, templateParams, type MessageEvent } from './templates.js';

describe('message templates', () => {
  it('fill in their parameters, in Chinese and in English', () => {
    const params = { item: '助浴', carer: '徐月娥', time: '12月2日 周三 上午' };
    expect(renderMessage('order_taken', 'zh-CN', params)).toBe('您预约的助浴已有人接单：服务人员徐月娥，12月2日 周三 上午上门。');
    expect(renderMessage('order_taken', 'en', { ...params, item: 'bath help', carer: 'Xu Yue’e', time: 'Wed 2 Dec, morning' })).toBe(
      'Your bath help is taken: Xu Yue’e comes Wed 2 Dec, morning.',
    );
  });

  it('refuse to send a sentence with a hole in it', () => {
    expect(() => renderMessage('order_taken', 'zh-CN', { item: '助浴' })).toThrow('no value for {carer}');
  });

  it('ask the same parameters in both languages', () => {
    for (const event of Object.keys(MESSAGE_EVENTS) as MessageEvent[]) {
      const en = [...MESSAGE_EVENTS[event].en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(en.sort(), event).toEqual(templateParams(event).sort());
    }
  });
});
