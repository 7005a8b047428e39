// Every complaint ticket, most urgent deadline first (the server's order): open ones by
// default, with the step each waits for, its deadline, and whether it is overdue or escalated;
// kept live by the county's escalations, each said in a message that stays until closed.
import { useState } from 'react';
import { App, Button, Card, Checkbox, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLiveQuery } from '../../app/live';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../app/format';
import { COMPLAINTS, COMPLAINT_ESCALATED, type ComplaintRow, type ComplaintStatus } from './operations';
import { ComplaintStatusTag, QueryError, SeverityTag, TAG_COLOURS } from './parts';
import { RecordComplaintModal } from './RecordComplaintModal';

const PAGE = 20;
const OPEN: ComplaintStatus[] = ['RECORDED', 'ASSIGNED', 'VERIFIED', 'ANSWERED'];
const STATUSES: ComplaintStatus[] = [...OPEN, 'CLOSED'];

export default function ComplaintsPage() {
  const { t } = useTranslation('hotline');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [recording, setRecording] = useState(false);
  const status = params.get('status') ?? 'open';
  const overdue = params.get('overdue') === '1';
  const shown = Math.min(Number(params.get('n') ?? PAGE), 100);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  const filter = {
    status: status === 'open' ? OPEN : status === 'all' ? undefined : [status as ComplaintStatus],
    overdue: overdue || undefined,
  };
  // live: an escalation anywhere may reorder the list (the hotline hears of the county's), and says so
  const {
    result: { data, fetching, error },
    refetch,
  } = useLiveQuery({
    query: COMPLAINTS,
    variables: { first: shown, filter },
    subscription: COMPLAINT_ESCALATED,
    onEvent: (event: { complaintEscalated: { id: string; escalationLevel: number } }) =>
      void message.warning({
        content: t('complaints.escalatedNow', { id: event.complaintEscalated.id, level: event.complaintEscalated.escalationLevel }),
        duration: 0,
      }),
  });

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('complaints.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setRecording(true)}>
          {t('complaint.record')}
        </Button>
      </Space>
      <Card>
        <Space wrap size="large" style={{ marginBottom: 16 }}>
          <Segmented
            aria-label={t('complaints.filterStatus')}
            value={status}
            onChange={(v) => set({ status: String(v), n: null })}
            options={[
              { value: 'open', label: t('complaints.open') },
              ...STATUSES.map((s) => ({ value: s, label: t(`enums.complaintStatus.${s}`) })),
              { value: 'all', label: t('complaints.all') },
            ]}
          />
          <Checkbox checked={overdue} onChange={(e) => set({ overdue: e.target.checked ? '1' : null, n: null })}>
            {t('complaints.overdueOnly')}
          </Checkbox>
        </Space>
        {error ? (
          <QueryError error={error} retry={refetch} />
        ) : (
          <>
            <Table<ComplaintRow>
              rowKey="id"
              size="middle"
              loading={fetching}
              dataSource={data?.complaints.edges.map((e) => e.node) ?? []}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty description={t('complaints.empty')} /> }}
              columns={[
                { title: t('complaints.id'), key: 'id', render: (_v, c) => <Link to={c.id}>#{c.id}</Link> },
                { title: t('complaints.recipient'), key: 'recipient', render: (_v, c) => c.recipient?.name ?? '—' },
                { title: t('complaints.complainant'), dataIndex: 'complainantName' },
                { title: t('complaints.category'), key: 'category', render: (_v, c) => t(`enums.category.${c.category}`) },
                { title: t('complaints.severity'), key: 'severity', render: (_v, c) => <SeverityTag severity={c.severity} /> },
                { title: t('complaints.status'), key: 'status', render: (_v, c) => <ComplaintStatusTag status={c.status} /> },
                {
                  title: t('complaints.due'),
                  key: 'due',
                  render: (_v, c) =>
                    c.dueAt ? (
                      <Space size={4} wrap>
                        <span>{formatDateTime(c.dueAt)}</span>
                        {c.overdue && <Tag color={TAG_COLOURS.red}>{t('complaints.overdue')}</Tag>}
                        {c.escalationLevel > 0 && <Tag color={TAG_COLOURS.orange}>{t('complaints.escalated', { level: c.escalationLevel })}</Tag>}
                      </Space>
                    ) : (
                      '—'
                    ),
                },
                { title: t('complaints.created'), key: 'created', render: (_v, c) => formatDateTime(c.createdAt) },
              ]}
            />
            {data?.complaints.pageInfo.hasNextPage && shown < 100 && (
              <Button style={{ marginTop: 12 }} onClick={() => set({ n: String(shown + PAGE) })}>
                {t('complaints.more')}
              </Button>
            )}
          </>
        )}
      </Card>
      <RecordComplaintModal
        open={recording}
        onClose={() => setRecording(false)}
        onRecorded={(id) => {
          setRecording(false);
          void message.success(t('complaint.recorded'));
          void navigate(id);
        }}
      />
    </Space>
  );
}
