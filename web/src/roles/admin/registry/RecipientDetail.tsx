// One recipient: who and where, masked ID number (revealed with a reason), card, this year's
// budget, paired carers, latest needs assessment, the status history and the moves; with
// `manage`, the lifecycle moves; with `move`, moving the household to another village (after
// which `onMoved` runs: staff of the township left behind no longer see the recipient); with
// `assess`, recording a needs assessment; with `editContact`, a new phone or address; with
// `cardPrintPath`, issuing the service card and printing it.
import { Alert, Button, Card, Col, Descriptions, Flex, Result, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../../app/page-parts';
import { errorMessage } from '../../../app/errors';
import { formatDateTime, formatYuan } from '../../../app/format';
import { RECIPIENT, type RecipientDetail as Detail } from '../operations';
import { statusColour } from './labels';
import { Lifecycle } from './Lifecycle';
import { RevealIdNumber } from './RevealIdNumber';
import { MoveRecipient } from './MoveRecipient';
import { RecordNeedsAssessment } from './NeedsAssessment';
import { ServiceCard } from './ServiceCard';
import { UpdateContact } from './UpdateContact';

export function RecipientDetail({
  backTo,
  manage,
  move = manage,
  assess = manage,
  editContact = manage,
  cardPrintPath,
  onMoved,
}: {
  backTo: string;
  manage: boolean;
  move?: boolean;
  assess?: boolean;
  editContact?: boolean;
  /** Where the printable card of a recipient is; given to those who issue cards. */
  cardPrintPath?: (id: string) => string;
  onMoved?: () => void;
}) {
  const { t } = useTranslation('admin');
  const name = useLocalName();
  const { id = '' } = useParams();
  const [result, refetch] = useQuery({ query: RECIPIENT, variables: { id } });
  const r = result.data?.recipient;
  const back = (
    <Link to={backTo}>
      <ArrowLeftOutlined aria-hidden /> {t('registry.back')}
    </Link>
  );

  if (result.fetching && !result.data)
    return (
      <div className="centered" role="status">
        <Spin />
      </div>
    );
  if (result.error && !result.data) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        message={errorMessage(result.error)}
        action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common:retry')}</Button>}
      />
    );
  }
  if (!r) return <Result status="404" title={t('registry.detail.notFound')} extra={back} />;

  return (
    <Flex vertical gap={16}>
      {back}
      <Flex align="center" gap={12} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {r.name}
        </Typography.Title>
        <Tag color={statusColour[r.status]} data-testid="recipient-status">
          {t(`registry.statuses.${r.status}`)}
        </Tag>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            title={<h3 className="card-heading">{t('registry.detail.facts')}</h3>}
            extra={editContact && r.status !== 'EXITED' && <UpdateContact recipient={r} />}
          >
            <Descriptions column={{ xs: 1, md: 2 }} size="small">
              <Descriptions.Item label={t('registry.gender')}>{t(`registry.genders.${r.gender}`)}</Descriptions.Item>
              <Descriptions.Item label={t('registry.birthDate')}>{r.birthDate}</Descriptions.Item>
              <Descriptions.Item label={t('registry.idNumber')} span={2}>
                <Flex gap={12} align="center" wrap>
                  <span className="mono">{r.idNumberMasked}</span>
                  <RevealIdNumber recipientId={r.id} />
                </Flex>
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.eligibility')}>{t(`registry.eligibilities.${r.eligibilityCategory}`)}</Descriptions.Item>
              <Descriptions.Item label={t('registry.disability')}>{t(`registry.disabilities.${r.disabilityLevel}`)}</Descriptions.Item>
              <Descriptions.Item label={t('registry.township')}>
                {r.township.name} {r.village.name}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.phone')}>{r.phone ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('registry.detail.address')} span={2}>
                {r.address}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.detail.household')}>
                {r.household.householdNumber} / {r.household.headName}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.card')}>
                {r.serviceCardNumber
                  ? `${r.serviceCardNumber}${r.serviceCardIssuedAt ? ` (${formatDateTime(r.serviceCardIssuedAt)})` : ''}`
                  : t('registry.noCard')}
              </Descriptions.Item>
              <Descriptions.Item label={t('registry.detail.carers')} span={2}>
                {r.pairedCarers.length ? r.pairedCarers.map((c) => c.name).join('、') : t('registry.detail.noCarers')}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            {manage && (
              <Card title={<h3 className="card-heading">{t('registry.lifecycle.title')}</h3>}>
                <Lifecycle recipient={r} />
              </Card>
            )}
            {cardPrintPath && (
              <Card title={<h3 className="card-heading">{t('registry.cards.title')}</h3>}>
                <ServiceCard recipient={r} printPath={cardPrintPath(r.id)} />
              </Card>
            )}
            {move && r.status !== 'EXITED' && (
              <Card title={<h3 className="card-heading">{t('registry.move.card')}</h3>}>
                <MoveRecipient recipient={r} onMoved={onMoved} />
              </Card>
            )}
            <Budget recipient={r} />
          </Flex>
        </Col>
      </Row>
      <Card
        title={<h3 className="card-heading">{t('registry.detail.assessment')}</h3>}
        extra={assess && r.status !== 'EXITED' && <RecordNeedsAssessment recipient={r} />}
        data-testid="latest-assessment"
      >
        {r.latestAssessment ? (
          <>
            <Typography.Paragraph>
              {r.latestAssessment.assessedOn}
              {r.latestAssessment.participants && ` · ${r.latestAssessment.participants}`}
              {r.latestAssessment.summary && ` · ${r.latestAssessment.summary}`}
            </Typography.Paragraph>
            <ul className="needs-list">
              {r.latestAssessment.needs.map((n) => (
                <li key={n.serviceItem.id} data-testid="assessed-need">
                  <strong>{name(n.serviceItem)}</strong> · {t('registry.detail.timesPerMonth', { count: n.timesPerMonth })}
                  {n.note && <Typography.Text type="secondary"> · {n.note}</Typography.Text>}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <Typography.Text type="secondary">{t('registry.detail.noAssessment')}</Typography.Text>
        )}
      </Card>
      <Card title={<h3 className="card-heading">{t('registry.detail.history')}</h3>}>
        <Table
          rowKey={(h) => `${h.changedAt}-${h.toStatus}`}
          size="small"
          pagination={false}
          dataSource={[...r.statusHistory].reverse()}
          columns={[
            { title: t('registry.changedAt'), dataIndex: 'changedAt', render: (v: string) => formatDateTime(v) },
            {
              title: t('registry.status'),
              render: (_: unknown, h: Detail['statusHistory'][number]) =>
                `${h.fromStatus ? `${t(`registry.statuses.${h.fromStatus}`)} → ` : ''}${t(`registry.statuses.${h.toStatus}`)}`,
            },
            { title: t('registry.detail.reason'), dataIndex: 'reason' },
            { title: t('registry.detail.changedBy'), dataIndex: 'changedBy', render: (v: string | null) => v ?? '—' },
          ]}
        />
        {r.moves.map((m) => (
          <Typography.Paragraph key={m.at} style={{ marginTop: 12, marginBottom: 0 }} data-testid="recipient-move">
            {t('registry.move.entry', { at: formatDateTime(m.at), from: m.fromVillage.name, to: m.toVillage.name, reason: m.reason })}
          </Typography.Paragraph>
        ))}
      </Card>
    </Flex>
  );
}

function Budget({ recipient }: { recipient: Detail }) {
  const { t } = useTranslation('admin');
  const b = recipient.budget;
  return (
    <Card title={<h3 className="card-heading">{b ? t('registry.detail.budget', { year: b.year }) : t('registry.detail.budget', { year: '' })}</h3>}>
      {b ? (
        <Row gutter={16}>
          <Col span={12}>
            <Statistic title={t('registry.detail.available')} value={formatYuan(b.available)} />
          </Col>
          <Col span={12}>
            <Statistic title={t('registry.detail.allocated')} value={formatYuan(b.allocated)} />
          </Col>
          <Col span={12}>
            <Statistic title={t('registry.detail.held')} value={formatYuan(b.held)} />
          </Col>
          <Col span={12}>
            <Statistic title={t('registry.detail.spent')} value={formatYuan(b.spent)} />
          </Col>
        </Row>
      ) : (
        <Typography.Text type="secondary">{t('registry.detail.noBudget')}</Typography.Text>
      )}
    </Card>
  );
}
