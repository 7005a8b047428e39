// Scoring policy versions, newest first, and a form for the next version: it checks what
// the server checks (weights sum to 100, thresholds and coefficients descend) before sending.
import { useState } from 'react';
import { Alert, Button, Flex, Spin, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { TAG_COLOURS } from '../../app/page-parts';
import { errorMessage } from '../../app/errors';
import { formatDateTime } from '../../app/format';
import { SCORING_POLICIES, type ScoringPolicy } from './operations';
import { PolicyForm } from './PolicyForm';
import { policyInForce } from './policy';

export default function PolicyPage() {
  const { t } = useTranslation('admin');
  const [result, refetch] = useQuery({ query: SCORING_POLICIES, variables: {} });
  const [creating, setCreating] = useState(false);
  const policies = result.data?.scoringPolicies ?? [];
  const current = policyInForce(policies);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('policy.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)} disabled={!result.data}>
          {t('policy.create')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('policy.help')}
      </Typography.Paragraph>
      {result.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message={errorMessage(result.error)}
          action={<Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('common:retry')}</Button>}
        />
      )}
      {result.fetching && !result.data ? (
        <div className="centered" role="status">
          <Spin />
        </div>
      ) : (
        <Table<ScoringPolicy>
          rowKey="version"
          size="middle"
          pagination={false}
          scroll={{ x: 1000 }}
          dataSource={policies}
          columns={[
            {
              title: t('policy.version'),
              dataIndex: 'version',
              render: (v: number) => (
                <>
                  {v} {current?.version === v && <Tag color={TAG_COLOURS.green}>{t('policy.current')}</Tag>}
                </>
              ),
            },
            { title: t('policy.effectiveFrom'), dataIndex: 'effectiveFrom', render: (d: string) => d.slice(0, 7) },
            { title: t('policy.weights'), render: (_: unknown, p) => `${p.weightDuration} / ${p.weightVolume} / ${p.weightQuality}` },
            { title: t('policy.grades'), render: (_: unknown, p) => `${p.excellentFrom} / ${p.goodFrom} / ${p.passFrom}` },
            {
              title: t('policy.coefficients'),
              render: (_: unknown, p) => `${p.coefficientExcellent} / ${p.coefficientGood} / ${p.coefficientPass} / ${p.coefficientFail}`,
            },
            { title: t('policy.penalty'), dataIndex: 'complaintPenalty' },
            { title: t('policy.sample'), dataIndex: 'samplePercent', render: (v: number) => `${v}%` },
            { title: t('policy.note'), dataIndex: 'note' },
            { title: t('policy.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          ]}
        />
      )}
      <PolicyForm open={creating} template={policies[0]} onClose={() => setCreating(false)} />
    </Flex>
  );
}
