// What finance does with a statement: approve a draft (after a confirmation; the server
// refuses whoever ran it, and the page says so), record the payment of an approved one with
// its reference, and download it as XLSX, PDF or CSV with the bearer token.
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from 'urql';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from '@urql/core';
import { errorCode, errorMessage } from '../../app/errors';
import { formatYuan } from '../../app/format';
import { useSession } from '../../app/session';
import { APPROVE_SETTLEMENT, MARK_SETTLEMENT_PAID, type Statement } from './operations';
import { downloadWithToken } from './downloads';

export function StatementActions({ statement }: { statement: Statement }) {
  return (
    <Row gutter={[16, 16]}>
      {statement.status === 'DRAFT' && (
        <Col xs={24} lg={12}>
          <Approve statement={statement} />
        </Col>
      )}
      {statement.status === 'APPROVED' && (
        <Col xs={24} lg={12}>
          <Pay statement={statement} />
        </Col>
      )}
      <Col xs={24} lg={12}>
        <Downloads statement={statement} />
      </Col>
    </Row>
  );
}

function Approve({ statement }: { statement: Statement }) {
  const { t } = useTranslation('finance');
  const { message, modal } = App.useApp();
  const [approving, approve] = useMutation(APPROVE_SETTLEMENT);
  const [refusal, setRefusal] = useState<CombinedError | null>(null);
  // a statement of 0 yuan is approved with a note saying why nothing is paid
  const zero = statement.payable === 0;
  const confirm = () => {
    let zeroNote = '';
    modal.confirm({
      title: t('approve.confirmTitle'),
      content: (
        <>
          <p>{t('approve.confirmBody', { organisation: statement.organisation.name, month: statement.month, payable: formatYuan(statement.payable) })}</p>
          {zero && (
            <>
              <p id="zero-note-label">{t('approve.zeroNote')}</p>
              <Input.TextArea
                rows={3}
                maxLength={500}
                aria-labelledby="zero-note-label"
                data-testid="zero-note"
                onChange={(e) => {
                  zeroNote = e.target.value;
                }}
              />
            </>
          )}
        </>
      ),
      okText: t('approve.confirm'),
      cancelText: t('approve.cancel'),
      onOk: async () => {
        if (zero && !zeroNote.trim()) {
          void message.error(t('approve.zeroNoteRequired'));
          // keeps the dialog open
          throw new Error('zero note required');
        }
        const result = await approve({ settlementId: statement.id, zeroNote: zero ? zeroNote.trim() : null });
        setRefusal(result.error ?? null);
        if (!result.error) message.success(t('approve.done'));
      },
    });
  };
  return (
    <Card title={t('approve.heading')} size="small" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('approve.help')}</Typography.Paragraph>
      {refusal && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="approve-refused"
          title={errorMessage(refusal, { FORBIDDEN: t('approve.ownStatement') })}
          // the server's own sentence too: it names the rule that refused
          description={errorCode(refusal) !== 'network' ? refusal.graphQLErrors[0]?.message : undefined}
        />
      )}
      <Button type="primary" loading={approving.fetching} onClick={confirm}>
        {t('approve.button')}
      </Button>
    </Card>
  );
}

function Pay({ statement }: { statement: Statement }) {
  const { t } = useTranslation('finance');
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ reference: string }>();
  const [paying, pay] = useMutation(MARK_SETTLEMENT_PAID);
  const submit = ({ reference }: { reference: string }) =>
    modal.confirm({
      title: t('pay.confirmTitle'),
      content: t('pay.confirmBody', { payable: formatYuan(statement.payable), reference: reference.trim() }),
      okText: t('pay.confirm'),
      cancelText: t('approve.cancel'),
      onOk: async () => {
        const result = await pay({ settlementId: statement.id, paymentReference: reference.trim() });
        if (result.error) message.error(errorMessage(result.error));
        else message.success(t('pay.done'));
      },
    });
  return (
    <Card title={t('pay.heading')} size="small" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('pay.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="reference" label={t('pay.reference')} rules={[{ required: true, whitespace: true, max: 200, message: t('pay.required') }]}>
          <Input placeholder={t('pay.placeholder')} maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={paying.fetching}>
          {t('pay.button')}
        </Button>
      </Form>
    </Card>
  );
}

function Downloads({ statement }: { statement: Statement }) {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const { token } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const formats = ['xlsx', 'pdf', 'csv'] as const;
  const download = async (format: (typeof formats)[number]) => {
    setBusy(format);
    try {
      await downloadWithToken(statement.downloads[format], token, `statement-${statement.id}.${format}`);
    } catch (err) {
      message.error(`${t('statement.downloadFailed')}: ${(err as Error).message}`);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={t('statement.downloads')} size="small" style={{ height: '100%' }}>
      <Space wrap>
        {formats.map((f) => (
          <Button key={f} icon={<DownloadOutlined aria-hidden />} loading={busy === f} onClick={() => void download(f)} data-testid={`download-${f}`}>
            {t(`statement.download.${f}`)}
          </Button>
        ))}
      </Space>
    </Card>
  );
}
