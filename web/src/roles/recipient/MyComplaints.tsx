// The recipient's own complaints, newest first: what each was about, where it stands in plain
// words, and the answer once there is one. While the period after the answer lasts
// (reopenableUntil), a big button sends it back to be looked into again: a few words on what
// is wrong, a confirmation, and it is reopened. Shown on the complain page and on its own page.
import { useState } from 'react';
import { Alert, Button, Spin } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { MY_COMPLAINTS, REOPEN_COMPLAINT, type ComplaintStatus, type MyComplaint } from './operations';
import { plainDay } from '../../app/format';
import { SayWhatHappened, useLocalName, usePlainWords } from './parts';
import { RefusalNotice, useConfirm, useNotify } from './notice';

// dark enough to read beside the words; the words carry the meaning, the colour only helps
const statusColors: Record<ComplaintStatus, string> = {
  RECORDED: '#1d4ed8',
  ASSIGNED: '#c2410c',
  VERIFIED: '#0f766e',
  ANSWERED: '#15803d',
  CLOSED: '#6b7280',
};

/** The recipient's complaints; `heading` when the page has no heading of its own for them. */
export function MyComplaints({ heading = false }: { heading?: boolean }) {
  const { t } = useTranslation('recipient');
  const [result] = useQuery({ query: MY_COMPLAINTS, requestPolicy: 'cache-and-network' });
  const complaints = (result.data?.complaints.edges.map((e) => e.node) ?? []).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section aria-labelledby={heading ? 'my-complaints' : undefined} aria-label={heading ? undefined : t('complain.mine')}>
      {heading && (
        <h3 id="my-complaints" className="rcp-h3">
          {t('complain.mine')}
        </h3>
      )}
      {result.fetching && !result.data && <Spin description={t('loading')} />}
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error)} />}
      {result.data && !complaints.length && <p>{t('complain.none')}</p>}
      <ul className="rcp-list">
        {complaints.map((c) => (
          <ComplaintCard key={c.id} complaint={c} />
        ))}
      </ul>
    </section>
  );
}

function ComplaintCard({ complaint: c }: { complaint: MyComplaint }) {
  const { t } = useTranslation('recipient');
  const name = useLocalName();
  const words = usePlainWords();
  const plainDate = (value: string) => plainDay(value, words);
  // the server gives the end of the period until it is reopened or the ticket moves on; past it, no button
  const reopenable = c.reopenableUntil !== null && Date.parse(c.reopenableUntil) > Date.now();
  return (
    <li className="rcp-card" data-testid="my-complaint" data-complaint-id={c.id}>
      <div className="rcp-row">
        <strong>{t(`complain.categories.${c.category}`)}</strong>
        <span className="rcp-status" style={{ ['--status-color' as string]: statusColors[c.status] }} data-testid="complaint-status" data-status={c.status}>
          {t(`complain.statuses.${c.status}`)}
        </span>
      </div>
      {c.order && <span className="rcp-muted">{name(c.order.serviceItem)}</span>}
      <span className="rcp-muted">{t('complain.recordedOn', { date: plainDate(c.createdAt) })}</span>
      <span>{c.description}</span>
      {c.answer && (
        <div className="rcp-answer" data-testid="complaint-answer">
          <strong>{t('complain.answer', { answer: c.answer })}</strong>
          {c.answeredAt && <span className="rcp-muted">{t('complain.answeredOn', { date: plainDate(c.answeredAt) })}</span>}
        </div>
      )}
      {c.reopenCount > 0 && <span className="rcp-muted">{t('complain.reopenedTimes', { count: c.reopenCount })}</span>}
      {reopenable && <Reopen complaint={c} until={plainDate(c.reopenableUntil!)} />}
    </li>
  );
}

/** 不满意，重新处理: the reason in a few words, asked for after the tap so a mis-tap costs nothing, then confirmed. */
function Reopen({ complaint, until }: { complaint: MyComplaint; until: string }) {
  const { t } = useTranslation('recipient');
  const notify = useNotify();
  // the dialog from the hook renders inside the mobile frame, so it has the frame's big type and controls
  const [confirm, dialog] = useConfirm();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [state, reopen] = useMutation(REOPEN_COMPLAINT);
  const field = `reopen-reason-${complaint.id}`;

  if (!open) {
    return (
      <>
        <Button size="large" block danger data-testid="reopen-complaint" style={{ minHeight: 64, fontWeight: 700 }} onClick={() => setOpen(true)}>
          {t('complain.reopen')}
        </Button>
        <span className="rcp-muted">{t('complain.reopenUntil', { date: until })}</span>
      </>
    );
  }

  const ask = () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    confirm({
      title: t('complain.reopenConfirm'),
      content: t('complain.reopenConfirmText'),
      okText: t('complain.reopenYes'),
      cancelText: t('complain.reopenNo'),
      okTestId: 'confirm-reopen',
      onOk: async () => {
        const result = await reopen({ complaintId: complaint.id, reason: reason.trim() });
        if (result.data) notify('success', t('complain.reopened'));
      },
    });
  };

  return (
    <>
      {dialog}
      <div className="rcp-page" style={{ gap: 10 }}>
        <SayWhatHappened
          id={field}
          label={t('complain.reopenReason')}
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(value) => {
            setReason(value);
            if (value.trim()) setMissing(false);
          }}
          missing={missing}
          missingMessage={t('complain.reopenReasonRequired')}
        />
        <RefusalNotice error={state.error} />
        <Button
          type="primary"
          size="large"
          block
          danger
          loading={state.fetching}
          data-testid="send-reopen"
          style={{ minHeight: 64, fontWeight: 700 }}
          onClick={ask}
        >
          {t('complain.reopenSubmit')}
        </Button>
        <Button size="large" block style={{ minHeight: 56 }} onClick={() => setOpen(false)}>
          {t('complain.reopenBack')}
        </Button>
      </div>
    </>
  );
}
