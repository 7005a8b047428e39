// Complaining: pick what went wrong (big buttons), say what happened, send. Opened from an
// order ("complain about this service") it is about that order. Below, the recipient's own
// complaints with where each stands and the answer, each reopened from there when they are not
// satisfied (MyComplaints).
import { useState } from 'react';
import { Button } from 'antd';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ORDER, RECORD_COMPLAINT, type ComplaintCategory } from './operations';
import { BigChoices, HotlineButton, SayWhatHappened, useLocalName } from './parts';
import { RefusalNotice, useNotify } from './notice';
import { MyComplaints } from './MyComplaints';

const CATEGORIES: ComplaintCategory[] = ['NO_SHOW', 'LATENESS', 'SERVICE_QUALITY', 'CARER_CONDUCT', 'BILLING', 'OTHER'];

export default function ComplainPage() {
  const { t } = useTranslation('recipient');
  return (
    <div className="rcp-page">
      <h2 className="rcp-h2">{t('complain.title')}</h2>
      <p style={{ margin: 0 }}>{t('complain.intro')}</p>
      <ComplaintForm />
      <HotlineButton />
      <MyComplaints heading />
    </div>
  );
}

function ComplaintForm() {
  const { t } = useTranslation('recipient');
  const notify = useNotify();
  const name = useLocalName();
  const [params, setParams] = useSearchParams();
  const orderId = params.get('order') ?? undefined;
  const [order] = useQuery({ query: ORDER, variables: { id: orderId ?? '' }, pause: !orderId });
  const [category, setCategory] = useState<ComplaintCategory | undefined>();
  const [description, setDescription] = useState('');
  const [missing, setMissing] = useState(false);
  const [sending, send] = useMutation(RECORD_COMPLAINT);

  const submit = async () => {
    if (!category) return;
    if (!description.trim()) {
      setMissing(true);
      return;
    }
    const result = await send(
      { input: { orderId, category, severity: 'NORMAL', description: description.trim() } },
      { additionalTypenames: ['ComplaintConnection'] },
    );
    if (result.data) {
      notify('success', t('complain.sent'));
      setCategory(undefined);
      setDescription('');
      setMissing(false);
      if (orderId) setParams({});
    }
  };

  return (
    <section className="rcp-page" style={{ gap: 14 }} aria-label={t('complain.title')}>
      {orderId && order.data?.order && (
        <p style={{ margin: 0, fontWeight: 600 }} data-testid="complaint-about">
          {t('complain.about', { service: name(order.data.order.serviceItem) })}
        </p>
      )}
      <div>
        <h3 id="complaint-category" className="rcp-h3">
          {t('complain.category')}
        </h3>
        <BigChoices
          choices={CATEGORIES}
          chosen={category}
          onChoose={setCategory}
          label={(c) => t(`complain.categories.${c}`)}
          labelledBy="complaint-category"
          testId={(c) => `complaint-${c}`}
        />
      </div>
      <SayWhatHappened
        id="complaint-description"
        label={t('complain.description')}
        value={description}
        onChange={setDescription}
        missing={missing}
        missingMessage={t('complain.descriptionRequired')}
      />
      <RefusalNotice error={sending.error} />
      <Button
        type="primary"
        size="large"
        block
        disabled={!category}
        loading={sending.fetching}
        onClick={() => void submit()}
        data-testid="send-complaint"
        style={{ minHeight: 64, fontWeight: 700 }}
      >
        {t('complain.submit')}
      </Button>
    </section>
  );
}
