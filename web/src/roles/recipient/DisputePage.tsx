// "The service was not right": for a completed service the recipient has not confirmed. They
// pick what was wrong (big buttons), may say more, and send; the order is then disputed and a
// ticket opened, so nothing is paid until someone has checked (disputeService). Back on the
// order's page, it says so.
import { useState } from 'react';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import { DISPUTE_REASONS, type DisputeReason, disputeDetailsNeeded, disputeReasonLabel, disputeReasonText } from '../../app/dispute';
import { plainWindow } from '../../app/format';
import { DISPUTE_SERVICE, type OrderDetail } from './operations';
import { OrderStep } from './OrderStep';
import { BigChoices, HotlineButton, SayWhatHappened, useLocalName, usePlainWords } from './parts';
import { RefusalNotice, useNotify } from './notice';

export default function DisputePage() {
  return <OrderStep>{(order) => <Dispute order={order} />}</OrderStep>;
}

function Dispute({ order }: { order: OrderDetail }) {
  const { t } = useTranslation('recipient');
  const notify = useNotify();
  const words = usePlainWords();
  const navigate = useNavigate();
  const name = useLocalName();
  const [reason, setReason] = useState<DisputeReason | undefined>();
  const [details, setDetails] = useState('');
  const [missing, setMissing] = useState(false);
  const [disputing, dispute] = useMutation(DISPUTE_SERVICE);

  const detailsNeeded = disputeDetailsNeeded(reason);
  const submit = async () => {
    if (!reason) return;
    if (detailsNeeded && !details.trim()) {
      setMissing(true);
      return;
    }
    const text = disputeReasonText(t, reason, details);
    const disputed = await dispute({ orderId: order.id, reason: text }, { additionalTypenames: ['ComplaintConnection'] });
    if (disputed.data) {
      notify('success', t('dispute.done'));
      void navigate(`/m/orders/${order.id}`);
    }
  };

  return (
    <>
      <h2 className="rcp-h2">{t('dispute.title', { service: name(order.serviceItem) })}</h2>
      <p style={{ margin: 0 }}>{plainWindow(order.windowStart, order.windowEnd, words)}</p>
      <p style={{ margin: 0 }}>{t('dispute.intro')}</p>
      <div>
        <h3 id="dispute-reason" className="rcp-h3">
          {t('dispute.what')}
        </h3>
        <BigChoices
          choices={DISPUTE_REASONS}
          chosen={reason}
          onChoose={(r) => {
            setReason(r);
            setMissing(false);
          }}
          label={(r) => disputeReasonLabel(t, r)}
          labelledBy="dispute-reason"
          testId={(r) => `dispute-${r}`}
        />
      </div>
      <SayWhatHappened
        id="dispute-details"
        label={t(detailsNeeded ? 'dispute.details' : 'dispute.detailsOptional')}
        value={details}
        onChange={setDetails}
        missing={missing}
        missingMessage={t('dispute.detailsRequired')}
      />
      <RefusalNotice error={disputing.error} messages={{ CONFLICT: t('dispute.notOpen') }} testId="dispute-error" />
      <Button
        type="primary"
        size="large"
        block
        disabled={!reason}
        loading={disputing.fetching}
        onClick={() => void submit()}
        data-testid="send-dispute"
        style={{ minHeight: 64, fontWeight: 700 }}
      >
        {t('dispute.submit')}
      </Button>
      <HotlineButton />
    </>
  );
}
