// The hotline's home: a caller gives a name, a phone number, a card number or the last digits
// of their ID number; the operator finds them and opens their page. The search lives in the
// URL, so coming back from a recipient shows the same results. Open and overdue tickets are
// counted beside it, as the things waiting for the operator.
import { Button, Card, Col, Empty, Form, Input, Row, Space, Statistic, Table, Typography } from 'antd';
import { useQuery } from 'urql';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../../app/session';
import { viewerName } from '../../app/scope';
import { COMPLAINTS, FIND_RECIPIENTS, type RecipientRow } from './operations';
import { CardHeading, QueryError, RecipientStatusTag } from './parts';

const PAGE = 20;
const OPEN_TICKETS = ['RECORDED', 'ASSIGNED', 'VERIFIED', 'ANSWERED'] as const;

export default function HomePage() {
  const { t } = useTranslation('hotline');
  const viewer = useViewer();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const shown = Number(params.get('n') ?? PAGE);

  const find = (q: string) => setParams(q.trim() ? { q: q.trim() } : {}, { replace: false });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>{t('title')}</Typography.Title>
        <Typography.Paragraph data-testid="signed-in-as">{t('common:signedInAs', { name: viewerName(viewer) })}</Typography.Paragraph>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={<CardHeading>{t('find.label')}</CardHeading>}>
            <Form layout="vertical" onFinish={({ q }: { q: string }) => find(q ?? '')} initialValues={{ q: search }} key={search}>
              <Form.Item name="q" label={t('find.label')} extra={t('find.hint')}>
                <Input.Search placeholder={t('find.placeholder')} enterButton={t('find.submit')} size="large" allowClear autoFocus onSearch={find} />
              </Form.Item>
            </Form>
            {search && <SearchResults search={search} shown={shown} more={() => setParams({ q: search, n: String(shown + PAGE) })} />}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <TicketSummary />
        </Col>
      </Row>
    </Space>
  );
}

function SearchResults({ search, shown, more }: { search: string; shown: number; more: () => void }) {
  const { t } = useTranslation('hotline');
  const first = Math.min(shown, 100);
  const [{ data, fetching, error }, refetch] = useQuery({ query: FIND_RECIPIENTS, variables: { search, first } });
  if (error) return <QueryError error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  const rows = data?.recipients.edges.map((e) => e.node) ?? [];
  return (
    <section aria-live="polite" aria-busy={fetching}>
      {data && <Typography.Paragraph data-testid="search-count">{t('find.results', { count: data.recipients.totalCount })}</Typography.Paragraph>}
      <Table<RecipientRow>
        rowKey="id"
        size="middle"
        loading={fetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('find.empty')} /> }}
        columns={[
          { title: t('recipient.name'), key: 'name', render: (_v, r) => <Link to={`recipients/${r.id}`}>{r.name}</Link> },
          { title: t('recipient.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('recipient.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
          { title: t('recipient.card'), dataIndex: 'serviceCardNumber', render: (v: string | null) => v ?? '—' },
          { title: t('recipient.village'), key: 'village', render: (_v, r) => `${r.township.name} ${r.village.name}` },
          { title: t('recipient.status'), dataIndex: 'status', render: (_v, r) => <RecipientStatusTag status={r.status} /> },
        ]}
      />
      {data?.recipients.pageInfo.hasNextPage && first < 100 && (
        <Button style={{ marginTop: 12 }} onClick={more}>
          {t('find.more')}
        </Button>
      )}
    </section>
  );
}

function TicketSummary() {
  const { t } = useTranslation('hotline');
  // counts only: first 0 asks for no rows
  const [open] = useQuery({ query: COMPLAINTS, variables: { first: 0, filter: { status: [...OPEN_TICKETS] } }, requestPolicy: 'cache-and-network' });
  const [overdue] = useQuery({
    query: COMPLAINTS,
    variables: { first: 0, filter: { status: [...OPEN_TICKETS], overdue: true } },
    requestPolicy: 'cache-and-network',
  });
  return (
    <Card title={<CardHeading>{t('find.openTickets')}</CardHeading>} extra={<Link to="complaints">{t('find.allTickets')}</Link>}>
      <Row gutter={16}>
        <Col span={12}>
          <Link to="complaints">
            <Statistic title={t('complaints.open')} value={open.data?.complaints.totalCount ?? '—'} loading={open.fetching && !open.data} />
          </Link>
        </Col>
        <Col span={12}>
          <Link to="complaints?overdue=1">
            <Statistic
              title={t('find.overdueTickets')}
              value={overdue.data?.complaints.totalCount ?? '—'}
              loading={overdue.fetching && !overdue.data}
              styles={{ content: { color: overdue.data?.complaints.totalCount ? '#b91c1c' : undefined } }}
            />
          </Link>
        </Col>
      </Row>
    </Card>
  );
}
