// Doing one return visit: the fixed questionnaire (each question 1 to 5) and a comment, or,
// when the recipient could not be reached, why. Either closes the visit, once.
import { useState } from 'react';
import { Alert, App, Button, Input, Spin } from 'antd';
import { ArrowLeftOutlined, PhoneOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { MARK_RETURN_VISIT_MISSED, QUESTIONNAIRE, RECORD_RETURN_VISIT, RETURN_VISIT, type ReturnVisit } from './operations';
import { useLocalName } from './parts';

export default function VisitPage() {
  const { t } = useTranslation('grid');
  const { id = '' } = useParams();
  const [result] = useQuery({ query: RETURN_VISIT, variables: { id } });
  const visit = result.data?.returnVisit;
  return (
    <div className="grid-page">
      <Link to="/grid/visits" className="grid-muted">
        <ArrowLeftOutlined aria-hidden /> {t('visit.back')}
      </Link>
      {result.fetching && !result.data && <Spin description={t('loading')} />}
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error)} />}
      {result.data && !visit && <h2 className="grid-h2">{t('visit.notFound')}</h2>}
      {visit && (
        <>
          <VisitFacts visit={visit} />
          {visit.status === 'SCHEDULED' ? (
            <>
              <Questionnaire visitId={visit.id} />
              <Missed visitId={visit.id} />
            </>
          ) : (
            <p data-testid="visit-done">
              {t(`visit.status.${visit.status}`)}
              {visit.answers ? ` · ${t('visit.doneAnswers', { answers: visit.answers.join(' ') })}` : ''}
              {visit.comment ? ` · ${visit.comment}` : ''}
            </p>
          )}
        </>
      )}
    </div>
  );
}

function VisitFacts({ visit }: { visit: ReturnVisit }) {
  const { t } = useTranslation('grid');
  const name = useLocalName();
  return (
    <section className="grid-card" aria-labelledby="visit-title">
      <h2 id="visit-title" className="grid-h2">
        {visit.recipient.name}
      </h2>
      <span className="grid-muted">
        {t(`visits.reason.${visit.reason}`)}
        {visit.period ? ` ${visit.period}` : ''} · {t('visits.due', { date: visit.dueOn })}
      </span>
      <span>
        {visit.village.name} · {visit.recipient.address}
      </span>
      {visit.order && <span>{t('visits.about', { service: name(visit.order.serviceItem) })}</span>}
      {visit.organisation && <span className="grid-muted">{t('visits.organisation', { name: visit.organisation.name })}</span>}
      {visit.recipient.phone && (
        <Button size="large" icon={<PhoneOutlined aria-hidden />} href={`tel:${visit.recipient.phone.replace(/[^\d+]/g, '')}`}>
          {t('recipient.call', { phone: visit.recipient.phone })}
        </Button>
      )}
    </section>
  );
}

function Questionnaire({ visitId }: { visitId: string }) {
  const { t, i18n } = useTranslation('grid');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [questions] = useQuery({ query: QUESTIONNAIRE });
  const list = questions.data?.returnVisitQuestionnaire ?? [];
  const [answers, setAnswers] = useState<Record<number, number>>({});
  const [comment, setComment] = useState('');
  const [incomplete, setIncomplete] = useState(false);
  const [recording, record] = useMutation(RECORD_RETURN_VISIT);

  const submit = async () => {
    if (list.some((q) => !answers[q.number])) {
      setIncomplete(true);
      return;
    }
    const result = await record(
      { id: visitId, answers: list.map((q) => answers[q.number]), comment: comment.trim() || undefined },
      { additionalTypenames: ['ReturnVisit'] },
    );
    if (result.data) {
      void message.success(t('visit.recorded'));
      navigate('/grid/visits');
    }
  };

  if (questions.fetching && !questions.data) return <Spin />;
  if (questions.error) return <Alert type="error" showIcon title={errorMessage(questions.error)} />;
  return (
    <section aria-labelledby="questionnaire-title" className="grid-card">
      <h3 id="questionnaire-title" className="grid-h3">
        {t('visit.questionnaire')}
      </h3>
      <p className="grid-muted" style={{ marginTop: 0 }}>
        {t('visit.scale')}
      </p>
      {list.map((q) => (
        <fieldset key={q.number} className="grid-question">
          <legend id={`question-${q.number}`}>
            {q.number}. {i18n.language === 'en' ? q.textEn : q.textZh}
          </legend>
          <div role="radiogroup" aria-labelledby={`question-${q.number}`} className="grid-scale">
            {[1, 2, 3, 4, 5].map((n) => (
              // biome-ignore lint/a11y/useSemanticElements: large buttons in the ARIA radio pattern, easier to hit than radio inputs on a phone
              <button
                key={n}
                type="button"
                role="radio"
                aria-checked={answers[q.number] === n}
                className="grid-scale-choice"
                aria-label={t('visit.answer', { n })}
                data-testid={`answer-${q.number}-${n}`}
                onClick={() => {
                  setAnswers((a) => ({ ...a, [q.number]: n }));
                  setIncomplete(false);
                }}
              >
                {n}
              </button>
            ))}
          </div>
        </fieldset>
      ))}
      <label htmlFor="visit-comment">{t('visit.comment')}</label>
      <Input.TextArea id="visit-comment" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      {incomplete && <Alert type="warning" showIcon role="alert" title={t('visit.answerAll', { count: list.length })} />}
      {recording.error && <Alert type="error" showIcon role="alert" title={errorMessage(recording.error)} />}
      <Button type="primary" size="large" block loading={recording.fetching} onClick={() => void submit()} data-testid="record-visit">
        {t('visit.submit')}
      </Button>
    </section>
  );
}

function Missed({ visitId }: { visitId: string }) {
  const { t } = useTranslation('grid');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [marking, mark] = useMutation(MARK_RETURN_VISIT_MISSED);

  const submit = async () => {
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    const result = await mark({ id: visitId, reason: reason.trim() }, { additionalTypenames: ['ReturnVisit'] });
    if (result.data) {
      void message.success(t('visit.missedDone'));
      navigate('/grid/visits');
    }
  };

  if (!open)
    return (
      <Button size="large" block onClick={() => setOpen(true)} data-testid="visit-missed">
        {t('visit.missed')}
      </Button>
    );
  return (
    <section className="grid-card" aria-label={t('visit.missed')}>
      <label htmlFor="missed-reason">{t('visit.missedReason')}</label>
      <Input.TextArea
        id="missed-reason"
        rows={2}
        maxLength={2000}
        value={reason}
        status={missing ? 'error' : undefined}
        aria-invalid={missing}
        onChange={(e) => {
          setReason(e.target.value);
          setMissing(false);
        }}
      />
      {missing && (
        <p role="alert" style={{ color: '#b91c1c', margin: 0 }}>
          {t('visit.reasonRequired')}
        </p>
      )}
      {marking.error && <Alert type="error" showIcon role="alert" title={errorMessage(marking.error)} />}
      <Button size="large" block danger loading={marking.fetching} onClick={() => void submit()} data-testid="visit-missed-submit">
        {t('visit.missedSubmit')}
      </Button>
    </section>
  );
}
