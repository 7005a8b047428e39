// Runs an organisation's settlement for a month (a draft statement) and opens it. Refusals
// say why in the reader's language: not scored, not signed off, no programme year.
import { App, Button, Card, Form, Select, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../app/errors';
import { recentMonths } from '../reports/months';
import { ORGANISATIONS, RUN_SETTLEMENT } from './operations';

interface RunForm {
  organisationId: string;
  month: string;
}

export function RunSettlementCard() {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [{ data, fetching }] = useQuery({ query: ORGANISATIONS, variables: {} });
  const [running, run] = useMutation(RUN_SETTLEMENT);

  const submit = async ({ organisationId, month }: RunForm) => {
    const result = await run({ organisationId, month });
    // a refusal (not scored, not over, services unfinished…) is said with its figures by errorMessage
    if (result.error) return void message.error(errorMessage(result.error));
    message.success(t('run.done'));
    navigate(`settlements/${result.data!.runSettlement.id}`);
  };

  return (
    <Card title={t('run.heading')} size="small" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('run.help')}</Typography.Paragraph>
      <Form<RunForm> layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ month: recentMonths(2)[1] }}>
        <Form.Item name="organisationId" label={t('run.organisation')} rules={[{ required: true, message: t('run.required') }]}>
          <Select
            loading={fetching}
            options={(data?.organisations.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="month" label={t('run.month')} rules={[{ required: true, message: t('run.required') }]}>
          <Select options={recentMonths().map((m) => ({ value: m, label: m }))} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={running.fetching}>
          {t('run.submit')}
        </Button>
      </Form>
    </Card>
  );
}
