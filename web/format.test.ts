// Money and dates as the app shows them: dates and times in plain words ("明天上午 9点到12点",
// "12月1日 周三 上午") on the county's calendar whatever the device's time zone, with the shell's
// own messages in both languages, and amounts as they are read aloud.
import { describe, expect, it } from 'vitest';
import { formatYuanSpoken, plainDay, plainHours, plainWhen, plainWindow, type PlainWords } from './src/app/format.js';
import { commonMessages } from './src/app/messages.js';

type Tree = { [key: string]: string | Tree };

/** A translate function over the shell's messages, as i18next's t with its {{value}} interpolation. */
function translator(tree: Tree): PlainWords['t'] {
  return (key, values = {}) => {
    const found = key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
    if (typeof found !== 'string') throw new Error(`no message ${key}`);
    return found.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      if (!(name in values)) throw new Error(`${key} needs ${name}`);
      return String(values[name]);
    });
  };
}

// Wednesday 12 May 2027, 10:00 in the county
const now = new Date('2027-05-12T10:00:00+08:00');
const zh: PlainWords = { language: 'zh-CN', t: translator(commonMessages.zh as Tree), now };
const en: PlainWords = { language: 'en', t: translator(commonMessages.en as Tree), now };
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

describe('plainDay', () => {
  it('says yesterday, today, tomorrow and the day after in words', () => {
    expect(['2027-05-11', '2027-05-12', '2027-05-13', '2027-05-14'].map((d) => plainDay(d, zh))).toEqual(['昨天', '今天', '明天', '后天']);
    expect(['2027-05-11', '2027-05-12', '2027-05-13', '2027-05-14'].map((d) => plainDay(d, en))).toEqual([
      'yesterday',
      'today',
      'tomorrow',
      'the day after tomorrow',
    ]);
  });

  it('gives other days their date and weekday, with the year only when it is not this one', () => {
    expect(plainDay('2027-12-01', zh)).toBe('12月1日 周三');
    expect(plainDay('2027-05-20', zh)).toBe('5月20日 周四');
    expect(plainDay('2026-12-02', zh)).toBe('2026年12月2日 周三');
    expect(plainDay('2028-01-03', zh)).toBe('2028年1月3日 周一');
    expect(plainDay('2027-12-01', en)).toBe('Wed 1 December');
    expect(plainDay('2028-01-03', en)).toBe('Mon 3 January 2028');
  });

  it("reads an instant on the county's calendar, not the device's or UTC's", () => {
    // 00:30 on the 13th in the county is still the 12th in UTC
    expect(plainDay('2027-05-12T16:30:00.000Z', zh)).toBe('明天');
    expect(plainDay(new Date('2027-05-11T23:59:00+08:00'), zh)).toBe('昨天');
    // just after midnight, "today" has moved on
    expect(plainDay('2027-05-13', { ...zh, now: new Date('2027-05-13T00:01:00+08:00') })).toBe('今天');
  });

  it('never shows an ISO date', () => {
    for (let days = -40; days < 400; days += 7) {
      const date = new Date(now.getTime() + days * 86_400_000);
      expect(plainDay(date, zh)).not.toMatch(/\d{4}-\d{2}|T\d{2}:/);
    }
  });
});

describe('plainWhen', () => {
  it('says the day and its part: 明天上午, 今天下午, 12月1日 周三 上午', () => {
    expect(plainWhen(at('2027-05-13', '09:00'), at('2027-05-13', '12:00'), zh)).toBe('明天上午');
    expect(plainWhen(at('2027-05-12', '14:00'), at('2027-05-12', '17:00'), zh)).toBe('今天下午');
    expect(plainWhen(at('2027-12-01', '09:00'), at('2027-12-01', '12:00'), zh)).toBe('12月1日 周三 上午');
    expect(plainWhen(at('2027-05-13', '09:00'), at('2027-05-13', '12:00'), en)).toBe('tomorrow morning');
    expect(plainWhen(at('2027-12-01', '14:00'), at('2027-12-01', '17:00'), en)).toBe('Wed 1 December, afternoon');
  });

  it('calls a window from the morning into the afternoon the whole day, and names early, midday and evening', () => {
    expect(plainWhen(at('2027-05-14', '08:00'), at('2027-05-14', '18:00'), zh)).toBe('后天全天');
    expect(plainWhen(at('2027-05-13', '04:00'), at('2027-05-13', '06:00'), zh)).toBe('明天凌晨');
    expect(plainWhen(at('2027-05-13', '12:00'), at('2027-05-13', '13:00'), zh)).toBe('明天中午');
    expect(plainWhen(at('2027-05-13', '19:00'), at('2027-05-13', '20:00'), zh)).toBe('明天晚上');
    // a morning that runs a little past noon is still a morning
    expect(plainWhen(at('2027-05-13', '10:00'), at('2027-05-13', '12:30'), zh)).toBe('明天上午');
  });
});

describe('plainWindow', () => {
  it('adds the hours as said: 9点到12点, 下午 2点到5点 in twelve-hour words', () => {
    expect(plainWindow(at('2027-05-13', '09:00'), at('2027-05-13', '12:00'), zh)).toBe('明天上午 9点到12点');
    expect(plainWindow(at('2027-05-12', '14:00'), at('2027-05-12', '17:00'), zh)).toBe('今天下午 2点到5点');
    expect(plainWindow(at('2027-05-12', '14:30'), at('2027-05-12', '15:05'), zh)).toBe('今天下午 2点半到3点05分');
    expect(plainWindow(at('2027-05-13', '09:00'), at('2027-05-13', '12:00'), en)).toBe('tomorrow morning, 9:00–12:00');
    expect(plainWindow(at('2027-05-12', '14:30'), at('2027-05-12', '15:05'), en)).toBe('today afternoon, 14:30–15:05');
  });

  it('names the part of each end when they differ, and the day of an end on another day', () => {
    expect(plainWindow(at('2027-05-14', '08:00'), at('2027-05-14', '18:00'), zh)).toBe('后天全天 上午8点到下午6点');
    expect(plainWindow(at('2027-05-12', '10:07'), at('2027-05-12', '12:07'), zh)).toBe('今天上午 10点07分到中午12点07分');
    expect(plainWindow(at('2027-05-13', '20:00'), at('2027-05-14', '08:00'), zh)).toBe('明天晚上 8点到后天上午8点');
    expect(plainWindow(at('2027-05-14', '08:00'), at('2027-05-14', '18:00'), en)).toBe('the day after tomorrow all day, 8:00–18:00');
    // the hours alone, under a day already said
    expect(plainHours(at('2027-05-14', '08:00'), at('2027-05-14', '18:00'), zh)).toBe('上午8点到下午6点');
    expect(plainHours(at('2027-05-13', '09:00'), at('2027-05-13', '12:00'), zh)).toBe('9点到12点');
  });
});

describe('formatYuanSpoken', () => {
  it('gives yuan as a plain number to read aloud', () => {
    expect([197_500, 1250, 1205, 5, 0, -50].map(formatYuanSpoken)).toEqual(['1975', '12.5', '12.05', '0.05', '0', '-0.5']);
  });

  it('refuses what is not whole fen', () => {
    expect(() => formatYuanSpoken(1.5)).toThrow(RangeError);
  });
});
