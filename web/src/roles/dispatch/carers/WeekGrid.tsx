// A carer's week as a grid: a row per weekday, a cell per half hour. Click or drag across cells
// to mark the hours worked (the first cell decides whether the drag marks or clears); with the
// keyboard, the arrows move and Space marks. Each row says its hours in words, and copies the
// day before. Read-only, it shows the same grid without buttons.
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { shownSlots, slotTime, toRanges, toSlots, WEEKDAYS, type HoursRange } from './hours';
import './week-grid.css';

/** "08:00–12:00、14:00–18:00", or the word for a day off. */
function dayText(ranges: HoursRange[], off: string): string {
  return ranges.length ? ranges.map((r) => `${r.startsAt}–${r.endsAt}`).join('、') : off;
}

export function WeekGrid({ value, onChange }: { value: readonly HoursRange[]; onChange?: (hours: HoursRange[]) => void }) {
  const { t } = useTranslation('dispatch');
  const slots = useMemo(() => toSlots(value), [value]);
  const [first, last] = useMemo(() => shownSlots(slots), [slots]);
  const columns = Array.from({ length: last - first }, (_, i) => first + i);
  const ranges = useMemo(() => toRanges(slots), [slots]);
  const [focus, setFocus] = useState<[number, number]>([1, 16]);
  const painting = useRef<boolean | null>(null);
  const cells = useRef(new Map<string, HTMLButtonElement>());
  const editable = onChange !== undefined;
  const weekday = (d: number) => t(`common:slot.weekday.${d}`);

  const set = (changes: [number, number][], on: boolean) => {
    const next = new Map([...slots].map(([d, s]) => [d, new Set(s)]));
    for (const [d, s] of changes) {
      if (on) next.get(d)!.add(s);
      else next.get(d)!.delete(s);
    }
    onChange?.(toRanges(next));
  };
  const copyDayBefore = (d: number) => {
    const next = new Map([...slots].map(([day, s]) => [day, new Set(s)]));
    next.set(d, new Set(slots.get(d - 1)));
    onChange?.(toRanges(next));
  };
  const move = (event: KeyboardEvent, d: number, s: number) => {
    const to: Record<string, [number, number]> = {
      ArrowLeft: [d, Math.max(first, s - 1)],
      ArrowRight: [d, Math.min(last - 1, s + 1)],
      ArrowUp: [Math.max(1, d - 1), s],
      ArrowDown: [Math.min(7, d + 1), s],
      Home: [d, first],
      End: [d, last - 1],
    };
    const next = to[event.key];
    if (!next) return;
    event.preventDefault();
    setFocus(next);
    cells.current.get(`${next[0]}:${next[1]}`)?.focus();
  };
  const [focusDay, focusSlot] = focus[1] >= first && focus[1] < last ? focus : [1, first];

  return (
    <div className="week-grid-scroll" onPointerUp={() => (painting.current = null)} onPointerLeave={() => (painting.current = null)}>
      <table className={`week-grid${editable ? ' editable' : ''}`}>
        <caption className="wg-sr-only">{t('carer.hours.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="wg-sr-only">{t('carer.hours.day')}</span>
            </th>
            {columns
              .filter((s) => s % 2 === 0)
              .map((s) => (
                <th key={s} scope="col" colSpan={2} className="hour">
                  {Number(slotTime(s).slice(0, 2))}
                </th>
              ))}
            <th scope="col" className="summary">
              {t('carer.hours.summary')}
            </th>
            {editable && (
              <th scope="col">
                <span className="wg-sr-only">{t('carer.hours.copy')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((d) => {
            const day = slots.get(d)!;
            return (
              <tr key={d}>
                <th scope="row" className="day">
                  {weekday(d)}
                </th>
                {columns.map((s) => {
                  const on = day.has(s);
                  const label = `${weekday(d)} ${slotTime(s)}–${slotTime(s + 1)}`;
                  return (
                    <td key={s} className={`${on ? 'on' : ''}${s % 2 === 0 ? ' hour-start' : ''}`}>
                      {editable && (
                        <button
                          type="button"
                          ref={(el) => {
                            if (el) cells.current.set(`${d}:${s}`, el);
                            else cells.current.delete(`${d}:${s}`);
                          }}
                          aria-pressed={on}
                          aria-label={label}
                          title={label}
                          tabIndex={d === focusDay && s === focusSlot ? 0 : -1}
                          onPointerDown={(e) => {
                            e.preventDefault();
                            painting.current = !on;
                            setFocus([d, s]);
                            set([[d, s]], !on);
                          }}
                          onPointerEnter={() => {
                            if (painting.current !== null && on !== painting.current) set([[d, s]], painting.current);
                          }}
                          onKeyDown={(e) => {
                            if (e.key === ' ' || e.key === 'Enter') {
                              e.preventDefault();
                              set([[d, s]], !on);
                            } else move(e, d, s);
                          }}
                          onFocus={() => setFocus([d, s])}
                        />
                      )}
                    </td>
                  );
                })}
                <td className="summary" data-testid={`hours-${d}`}>
                  {dayText(
                    ranges.filter((r) => r.weekday === d),
                    t('carer.hours.off'),
                  )}
                </td>
                {editable && (
                  <td className="copy">
                    {d > 1 && (
                      <Button
                        size="small"
                        type="link"
                        onClick={() => copyDayBefore(d)}
                        aria-label={t('carer.hours.copyLabel', { day: weekday(d), from: weekday(d - 1) })}
                      >
                        {t('carer.hours.copy')}
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('carer.hours.help')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
