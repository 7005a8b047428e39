// The county admin's overview: the state of the catalog, the registry, the contracts and the
// scoring policy, each leading to its page; and the background job queues (Bull Board).
import type { ReactNode } from 'react';
import { Alert, Button, Card, Col, Row, Statistic, Typography } from 'antd';
import { ApiOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { useViewer } from '../../app/session';
import { viewerName } from '../../app/scope';
import { OVERVIEW } from './operations';
import { policyInForce } from './policy';

export default function HomePage() {
  const { t } = useTranslation('admin');
  const viewer = useViewer();
  const [result, refetch] = useQuery({ query: OVERVIEW, variables: {} });
  const d = result.data;
  const items = d?.serviceCatalog.flatMap((c) => c.items) ?? [];
  const contractsInForce = d?.organisations.edges.reduce((n, e) => n + e.node.contracts.filter((c) => c.inForce).length, 0) ?? 0;
  const policy = d && policyInForce(d.scoringPolicies);

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph data-testid="signed-in-as">{t('common:signedInAs', { name: viewerName(viewer) })}</Typography.Paragraph>
      {result.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={errorMessage(result.error)}
          style={{ marginBottom: 16 }}
          action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common:retry')}</Button>}
        />
      )}
      <Row gutter={[16, 16]}>
        <Tile
          title={t('home.catalog')}
          to="catalog"
          loading={!d}
          value={t('home.catalogValue', { active: items.filter((i) => i.active).length, total: items.length })}
        />
        <Tile title={t('home.recipients')} to="recipients" loading={!d} value={t('home.activeRecipients', { count: d?.recipients.totalCount ?? 0 })} />
        <Tile
          title={t('home.organisations')}
          to="organisations"
          loading={!d}
          value={`${d?.organisations.totalCount ?? 0}`}
          note={t('home.contractsInForce', { count: contractsInForce })}
        />
        <Tile
          title={t('home.policy')}
          to="policy"
          loading={!d}
          value={policy ? t('home.policyValue', { version: policy.version, from: policy.effectiveFrom.slice(0, 7) }) : t('home.noPolicy')}
        />
      </Row>
      <Card style={{ marginTop: 16 }} title={<h3 className="card-heading">{t('home.queues')}</h3>}>
        <Typography.Paragraph>{t('home.queuesHelp')}</Typography.Paragraph>
        {/* the dashboard is the server's own page, not part of this app: a full page load */}
        <Button href="/admin/queues" target="_blank" rel="noopener" icon={<ApiOutlined aria-hidden />}>
          {t('home.queuesLink')}
        </Button>
      </Card>
    </>
  );
}

function Tile({ title, value, note, to, loading }: { title: string; value: string; note?: ReactNode; to: string; loading: boolean }) {
  const { t } = useTranslation('admin');
  return (
    <Col xs={24} sm={12} xl={6}>
      <Card loading={loading}>
        <Statistic title={<h3 className="card-heading">{title}</h3>} value={value} valueStyle={{ fontSize: 20 }} />
        {note && <Typography.Text type="secondary">{note}</Typography.Text>}
        <div style={{ marginTop: 8 }}>
          <Link to={to}>{t('home.open')} →</Link>
        </div>
      </Card>
    </Col>
  );
}
