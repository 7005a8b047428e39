// 待核实投诉: the tickets assigned to the viewer's organisation (a dispatcher) or township
// station (township staff) that wait for them to verify, soonest deadline first as the server
// orders them, with what each is about. Each opens the ticket, where the verify step is done;
// a verified ticket leaves this list. The same page serves the dispatch and township areas
// (mounted at their `complaints` route; tickets open at `complaints/:id`).
import { useState } from 'react';
import { Button, Card, Empty, Space, Table, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { QUEUE, type QueueTicket } from './operations';
import { Deadline, OrderConcerned, QueryError, SeverityTag, useOwnAssignee } from './parts';

const PAGE = 20;
const MAX = 100;

export default function QueuePage() {
  const { t } = useTranslation('complaints');
  const assignee = useOwnAssignee();
  const navigate = useNavigate();
  const [shown, setShown] = useState(PAGE);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: QUEUE,
    variables: { first: shown },
    requestPolicy: 'cache-and-network',
  });
  const tickets = data?.complaints.edges.map((e) => e.node) ?? [];

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>
          {t('queue.title')}
          {data ? ` (${data.complaints.totalCount})` : ''}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{assignee ? t('queue.hint', { assignee }) : t('queue.hintNobody')}</Typography.Paragraph>
      </div>
      <Card>
        {error ? (
          <QueryError error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : (
          <Table<QueueTicket>
            rowKey="id"
            size="middle"
            data-testid="complaint-queue"
            loading={fetching && !data}
            dataSource={tickets}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('queue.empty')} /> }}
            columns={[
              { title: t('queue.id'), key: 'id', render: (_v, c) => <Link to={c.id}>#{c.id}</Link> },
              { title: t('queue.due'), key: 'due', render: (_v, c) => <Deadline ticket={c} /> },
              { title: t('queue.category'), key: 'category', render: (_v, c) => t(`category.${c.category}`) },
              { title: t('queue.severity'), key: 'severity', render: (_v, c) => <SeverityTag severity={c.severity} /> },
              {
                title: t('queue.description'),
                key: 'description',
                render: (_v, c) => (
                  <Typography.Paragraph ellipsis={{ rows: 2, tooltip: c.description }} style={{ margin: 0, maxWidth: 320 }}>
                    {c.description}
                  </Typography.Paragraph>
                ),
              },
              { title: t('queue.recipient'), key: 'recipient', render: (_v, c) => (c.recipient ? `${c.recipient.name}（${c.recipient.village.name}）` : '—') },
              { title: t('queue.order'), key: 'order', render: (_v, c) => <OrderConcerned order={c.order} /> },
              {
                title: '',
                key: 'action',
                render: (_v, c) => (
                  // no space between two characters (antd's default), so the visible word stays part of the name
                  <Button type="primary" size="small" autoInsertSpace={false} onClick={() => void navigate(c.id)} aria-label={`${t('queue.open')} #${c.id}`}>
                    {t('queue.open')}
                  </Button>
                ),
              },
            ]}
          />
        )}
        {data?.complaints.pageInfo.hasNextPage && shown < MAX && (
          <Button style={{ marginTop: 12 }} onClick={() => setShown(Math.min(shown + PAGE, MAX))}>
            {t('queue.more')}
          </Button>
        )}
      </Card>
    </Space>
  );
}
