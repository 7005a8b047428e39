// The visit exception queue: visits checked in or out out of bounds (too far, too short, too
// long, sent late). The dispatcher checks each and resolves it with a conclusion and a note;
// the conclusion decides whether settlement pays for the service, so it is confirmed first.
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { formatDate, formatDateTime } from '../../app/format';
import { RESOLVE_VISIT_EXCEPTION, VISIT_EXCEPTIONS, type VisitException, type VisitResolutionCode } from './operations';
import { QueryError, TAG_COLOURS, useLocalName } from './parts';

const PAGE = 20;
const COUNTS: VisitResolutionCode[] = ['GPS_INACCURATE', 'SERVED_ELSEWHERE_AT_REQUEST', 'VERIFIED_WITH_RECIPIENT', 'DURATION_JUSTIFIED'];
const NOT_PAID: VisitResolutionCode[] = ['NOT_DELIVERED', 'DURATION_NOT_JUSTIFIED'];
/** A visit never checked out counts only with its end corrected; otherwise it is not paid. */
const COUNTS_UNCHECKED_OUT: VisitResolutionCode[] = ['CHECK_OUT_CORRECTED'];

/** A datetime-local value ("2027-05-12T10:55") read on the county's clock (+08:00 all year), as an ISO instant. */
const countyInstant = (value: string) => new Date(`${value}:00+08:00`).toISOString();

export default function ExceptionsPage() {
  const { t } = useTranslation('dispatch');
  const localName = useLocalName();
  const [status, setStatus] = useState<'OPEN' | 'RESOLVED'>('OPEN');
  const [shown, setShown] = useState(PAGE);
  const [resolving, setResolving] = useState<VisitException | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: VISIT_EXCEPTIONS,
    variables: { status, first: Math.min(shown, 100) },
    requestPolicy: 'cache-and-network',
  });
  const visits = data?.visitExceptions.edges.map((e) => e.node) ?? [];
  const metres = (m: number | null) => (m === null ? '—' : t('exceptions.metres', { count: m }));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={2}>{t('exceptions.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('exceptions.hint')}</Typography.Paragraph>
      </div>
      <Card>
        <Segmented
          aria-label={t('exceptions.title')}
          style={{ marginBottom: 16 }}
          value={status}
          onChange={(v) => {
            setStatus(v as typeof status);
            setShown(PAGE);
          }}
          options={[
            { value: 'OPEN', label: `${t('exceptions.open')}${status === 'OPEN' && data ? ` (${data.visitExceptions.totalCount})` : ''}` },
            { value: 'RESOLVED', label: t('exceptions.resolved') },
          ]}
        />
        {error ? (
          <QueryError error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : (
          <Table<VisitException>
            rowKey={(v) => v.order.id}
            size="middle"
            loading={fetching && !data}
            dataSource={visits}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t(status === 'OPEN' ? 'exceptions.empty' : 'exceptions.emptyResolved')} /> }}
            expandable={{
              expandedRowRender: (v) => (
                <Space orientation="vertical">
                  <span>
                    {t('exceptions.workDone')}: {v.workDone || '—'}
                  </span>
                  <span>
                    {formatDateTime(v.checkedInAt)} – {v.checkedOutAt ? formatDateTime(v.checkedOutAt) : '—'}
                  </span>
                  {v.resolution && (
                    <span>
                      {v.resolution.resolvedByName} · {formatDateTime(v.resolution.resolvedAt)}: {v.resolution.note}
                    </span>
                  )}
                </Space>
              ),
            }}
            columns={[
              { title: t('exceptions.order'), key: 'order', render: (_v, v) => `#${v.order.id}` },
              { title: t('exceptions.date'), key: 'date', render: (_v, v) => formatDate(v.serviceDate) },
              { title: t('exceptions.item'), key: 'item', render: (_v, v) => localName(v.serviceItem) },
              { title: t('exceptions.carer'), key: 'carer', render: (_v, v) => v.carer.name },
              { title: t('exceptions.recipient'), key: 'recipient', render: (_v, v) => v.recipient.name },
              {
                title: t('exceptions.flags'),
                key: 'flags',
                render: (_v, v) =>
                  v.flags.map((f) => (
                    <Tag color={TAG_COLOURS.orange} key={f}>
                      {t(`enums.flag.${f}`)}
                    </Tag>
                  )),
              },
              {
                title: t('exceptions.distance'),
                key: 'distance',
                render: (_v, v) => `${metres(v.checkInDistanceMeters)} / ${metres(v.checkOutDistanceMeters)}`,
              },
              {
                title: t('exceptions.duration'),
                key: 'duration',
                render: (_v, v) =>
                  `${v.durationMinutes === null ? '—' : t('exceptions.minutes', { count: v.durationMinutes })} / ${t('exceptions.minutes', { count: v.standardMinutes })}`,
              },
              status === 'OPEN'
                ? {
                    title: '',
                    key: 'action',
                    render: (_v, v) => (
                      <Button type="primary" size="small" onClick={() => setResolving(v)} aria-label={`${t('exceptions.resolve')} #${v.order.id}`}>
                        {t('exceptions.resolve')}
                      </Button>
                    ),
                  }
                : {
                    title: t('exceptions.resolution'),
                    key: 'resolution',
                    render: (_v, v) =>
                      v.resolution && (
                        <Space size={4} wrap>
                          <span>{t(`enums.resolution.${v.resolution.code}`)}</span>
                          <Tag color={v.resolution.countsForSettlement ? TAG_COLOURS.green : TAG_COLOURS.red}>
                            {t(v.resolution.countsForSettlement ? 'exceptions.counts' : 'exceptions.notCounted')}
                          </Tag>
                        </Space>
                      ),
                  },
            ]}
          />
        )}
        {data?.visitExceptions.pageInfo.hasNextPage && shown < 100 && (
          <Button style={{ marginTop: 12 }} onClick={() => setShown(shown + PAGE)}>
            {t('exceptions.more')}
          </Button>
        )}
      </Card>
      <ResolveModal
        visit={resolving}
        onClose={() => setResolving(null)}
        onResolved={() => {
          setResolving(null);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
    </Space>
  );
}

function ResolveModal({ visit, onClose, onResolved }: { visit: VisitException | null; onClose: () => void; onResolved: () => void }) {
  const { t } = useTranslation('dispatch');
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ code: VisitResolutionCode; note: string; correctedEnd?: string }>();
  const [state, resolve] = useMutation(RESOLVE_VISIT_EXCEPTION);
  const uncheckedOut = visit?.flags.includes('NOT_CHECKED_OUT') ?? false;
  const counts = uncheckedOut ? COUNTS_UNCHECKED_OUT : COUNTS;
  const code = Form.useWatch('code', form);

  const submit = (v: { code: VisitResolutionCode; note: string; correctedEnd?: string }) => {
    if (!visit) return;
    modal.confirm({
      title: t('exceptions.confirm'),
      content: t(`enums.resolution.${v.code}`),
      okText: t('exceptions.submit'),
      cancelText: t('assign.cancel'),
      onOk: async () => {
        const correctedEnd = v.code === 'CHECK_OUT_CORRECTED' && v.correctedEnd ? countyInstant(v.correctedEnd) : null;
        const result = await resolve({ orderId: visit.order.id, code: v.code, note: v.note.trim(), correctedEnd });
        if (result.error) return;
        void message.success(t('exceptions.done'));
        form.resetFields();
        onResolved();
      },
    });
  };

  return (
    <Modal
      open={visit !== null}
      title={visit ? t('exceptions.resolveTitle', { id: visit.order.id }) : ''}
      okText={t('exceptions.submit')}
      cancelText={t('assign.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={state.fetching}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="code" label={t('exceptions.code')} rules={[{ required: true, message: t('exceptions.codeRequired') }]}>
          <Select
            options={[
              {
                label: t('exceptions.groupCounts'),
                title: t('exceptions.groupCounts'),
                options: counts.map((c) => ({ value: c, label: t(`enums.resolution.${c}`) })),
              },
              {
                label: t('exceptions.groupNotPaid'),
                title: t('exceptions.groupNotPaid'),
                options: NOT_PAID.map((c) => ({ value: c, label: t(`enums.resolution.${c}`) })),
              },
            ]}
          />
        </Form.Item>
        {code === 'CHECK_OUT_CORRECTED' && (
          <Form.Item
            name="correctedEnd"
            label={t('exceptions.correctedEnd')}
            extra={t('exceptions.correctedEndHelp')}
            rules={[{ required: true, message: t('exceptions.correctedEndRequired') }]}
          >
            <Input type="datetime-local" data-testid="corrected-end" />
          </Form.Item>
        )}
        <Form.Item name="note" label={t('exceptions.note')} rules={[{ required: true, whitespace: true, message: t('exceptions.noteRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        {state.error && <Alert type="error" showIcon role="alert" title={errorMessage(state.error)} />}
      </Form>
    </Modal>
  );
}
