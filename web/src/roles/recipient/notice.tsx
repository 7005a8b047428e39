// Messages for the recipient that stay until they are read: a success or a refusal in the
// page's own large type, in a box with a big "知道了" button, instead of a small toast that is
// gone in three seconds. One notice at a time is kept by the area's frame (NoticeProvider), so
// it follows the person to the page they are sent to (an order placed opens the order);
// refusals on a page are shown where they happened (RefusalNotice), until dismissed or
// replaced by the next one.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import { Modal, type ButtonProps } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import './recipient.css';

export type NoticeTone = 'success' | 'error' | 'info';

interface FrameNotice {
  tone: NoticeTone;
  text: string;
  /** Distinguishes two notices with the same words, so the second one is shown afresh. */
  id: number;
}

interface NoticeContext {
  notice: FrameNotice | null;
  show(tone: NoticeTone, text: string): void;
  dismiss(): void;
}

const Context = createContext<NoticeContext | null>(null);

/** Keeps the frame's notice while the recipient moves between pages. */
export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<FrameNotice | null>(null);
  const next = useRef(0);
  const show = useCallback((tone: NoticeTone, text: string) => setNotice({ tone, text, id: ++next.current }), []);
  const dismiss = useCallback(() => setNotice(null), []);
  const value = useMemo(() => ({ notice, show, dismiss }), [notice, show, dismiss]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/** Shows a notice at the top of the recipient's pages that stays until they tap "知道了": `notify('success', t('order.placed'))`. */
export function useNotify(): NoticeContext['show'] {
  const context = useContext(Context);
  if (!context) throw new Error('useNotify outside <NoticeProvider>');
  return context.show;
}

/** Where the frame's notice appears (above the page); it is brought into view and read out when it arrives. */
export function FrameNotice() {
  const context = useContext(Context);
  const box = useRef<HTMLDivElement>(null);
  const id = context?.notice?.id;
  useEffect(() => {
    if (id === undefined) return;
    box.current?.scrollIntoView({ block: 'nearest' });
    box.current?.focus({ preventScroll: true });
  }, [id]);
  if (!context?.notice) return null;
  const { tone, text } = context.notice;
  return (
    <Notice ref={box} tone={tone} onDismiss={context.dismiss} testId="notice">
      {text}
    </Notice>
  );
}

const icons: Record<NoticeTone, ReactNode> = {
  success: <CheckCircleFilled aria-hidden />,
  error: <CloseCircleFilled aria-hidden />,
  info: <InfoCircleFilled aria-hidden />,
};

/**
 * A message in large type with its icon and, when it can be dismissed, a big "知道了" button.
 * Refusals are role="alert" (read out at once), the rest role="status".
 */
export function Notice({
  tone,
  children,
  onDismiss,
  testId,
  ref,
}: {
  tone: NoticeTone;
  children: ReactNode;
  onDismiss?: () => void;
  /** On the message's words only (not the button), for tests that read them. */
  testId?: string;
  ref?: Ref<HTMLDivElement>;
}) {
  const { t } = useTranslation('recipient');
  return (
    <div ref={ref} className={`rcp-notice rcp-notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} tabIndex={-1} data-tone={tone}>
      <p className="rcp-notice-text">
        <span className="rcp-notice-icon">{icons[tone]}</span>
        <span data-testid={testId}>{children}</span>
      </p>
      {onDismiss && (
        <button type="button" className="rcp-notice-dismiss" onClick={onDismiss} data-testid={testId ? `${testId}-dismiss` : undefined}>
          {t('notice.dismiss')}
        </button>
      )}
    </div>
  );
}

/**
 * Why an action was refused, where it happened, until dismissed; a new refusal shows again.
 * `messages` overrides the words by code, as errorMessage does; `children` replaces them.
 */
export function RefusalNotice({
  error,
  messages,
  children,
  testId,
}: {
  error: unknown;
  messages?: Partial<Record<string, string>>;
  children?: ReactNode;
  testId?: string;
}) {
  const [dismissed, setDismissed] = useState<unknown>(null);
  if (!error || dismissed === error) return null;
  return (
    <Notice tone="error" onDismiss={() => setDismissed(error)} testId={testId}>
      {children ?? errorMessage(error, messages)}
    </Notice>
  );
}

/**
 * A question before a step that is hard to undo (cancel an order, sign out), in a dialog
 * rendered inside the area so it has its large type, with big buttons: `[confirm, dialog] =
 * useConfirm()`, render `dialog`, call `confirm({ title, okText, cancelText, onOk })`.
 */
export function useConfirm(): [
  (question: { title: string; content?: string; okText: string; cancelText: string; danger?: boolean; okTestId?: string; onOk: () => unknown }) => void,
  ReactNode,
] {
  const [modal, dialog] = Modal.useModal();
  const confirm = useCallback(
    ({ title, content, okText, cancelText, danger = true, okTestId, onOk }: Parameters<ReturnType<typeof useConfirm>[0]>[0]) => {
      modal.confirm({
        title,
        content,
        okText,
        cancelText,
        okButtonProps: { size: 'large', danger, style: { minHeight: 56 }, 'data-testid': okTestId } as ButtonProps,
        cancelButtonProps: { size: 'large', style: { minHeight: 56 }, 'data-testid': okTestId ? `${okTestId}-cancel` : undefined } as ButtonProps,
        onOk,
      });
    },
    [modal],
  );
  return [confirm, dialog];
}
