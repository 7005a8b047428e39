// The printable service card: the name, the card number, the confirmation code and the
// county's 24-hour hotline, on a card the size of a bank card with a cut line, and below it
// how to use it. The recipient orders by phone with the number and confirms a service by
// telling the carer the code, so both are large. Printing (the button calls window.print())
// gives only the sheet: it is rendered once more beside the app, outside the console's frame,
// and the print style hides everything else (service-card.css).
import { Button, Flex, Result, Spin, Typography } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { createPortal } from 'react-dom';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../app/page-parts';
import { formatDate } from '../../../app/format';
// the number the recipient's own app dials: one setting for the county (VITE_HOTLINE_PHONE)
import { HOTLINE_PHONE } from '../../../app/hotline';
import { RECIPIENT_CARD } from '../operations';
import './service-card.css';

type CardHolder = NonNullable<ResultOf<typeof RECIPIENT_CARD>['recipient']>;

export function ServiceCardPrint({ backTo }: { backTo: (id: string) => string }) {
  const { t } = useTranslation('admin');
  const { id = '' } = useParams();
  const [result, refetch] = useQuery({ query: RECIPIENT_CARD, variables: { id }, requestPolicy: 'network-only' });
  const r = result.data?.recipient;
  const back = (
    <Link to={backTo(id)}>
      <ArrowLeftOutlined aria-hidden /> {t('registry.print.back')}
    </Link>
  );

  if (result.fetching && !result.data)
    return (
      <div className="centered" role="status">
        <Spin />
      </div>
    );
  if (result.error && !result.data) return <QueryError error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!r) return <Result status="404" title={t('registry.detail.notFound')} extra={back} />;
  if (!r.serviceCardNumber) return <Result status="info" title={t('registry.print.noCard', { name: r.name })} extra={back} />;

  return (
    <Flex vertical gap={16} align="flex-start">
      {back}
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('registry.print.title', { name: r.name })}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('registry.print.help')}
      </Typography.Paragraph>
      <CardSheet recipient={r} testId="service-card" />
      <Button type="primary" size="large" icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()} data-testid="print-card">
        {t('registry.print.print')}
      </Button>
      {createPortal(
        <div className="service-card-print-root" aria-hidden>
          <CardSheet recipient={r} testId="service-card-printed" />
        </div>,
        document.body,
      )}
    </Flex>
  );
}

function CardSheet({ recipient: r, testId }: { recipient: CardHolder; testId: string }) {
  const { t } = useTranslation('admin');
  return (
    <div className="service-card-sheet" data-testid={testId}>
      <section className="service-card" aria-label={t('registry.print.cardLabel', { name: r.name })}>
        <div className="service-card-top">
          <span className="service-card-brand">{t('registry.print.brand')}</span>
          <span className="service-card-place">
            {r.township.name} {r.village.name}
          </span>
        </div>
        <div className="service-card-row">
          <span className="service-card-label">{t('registry.print.name')}</span>
          <span className="service-card-name">{r.name}</span>
        </div>
        <div className="service-card-row">
          <span className="service-card-label">{t('registry.print.number')}</span>
          <span className="service-card-number mono" data-testid="printed-card-number">
            {r.serviceCardNumber}
          </span>
        </div>
        <div className="service-card-row">
          <span className="service-card-label">{t('registry.print.code')}</span>
          <span className="service-card-code mono" data-testid="printed-card-code">
            {r.serviceCardCode ?? '——'}
          </span>
        </div>
        <div className="service-card-row service-card-hotline">
          <span className="service-card-label">{t('registry.print.hotline')}</span>
          <strong className="mono" data-testid="printed-hotline">
            {HOTLINE_PHONE}
          </strong>
        </div>
      </section>
      <ol className="service-card-notes">
        <li>{t('registry.print.noteOrder')}</li>
        <li>{t('registry.print.noteCode')}</li>
        <li>{t('registry.print.noteLost')}</li>
        {r.serviceCardIssuedAt && <li>{t('registry.print.issuedOn', { date: formatDate(r.serviceCardIssuedAt) })}</li>}
      </ol>
    </div>
  );
}
