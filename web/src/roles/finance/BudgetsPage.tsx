// Programme years and their budget accounts, for finance and county admins: each open year's
// allocation, fund and accounts; every account of a year, by township, with what is allocated,
// held by open orders, spent and still available, a page at a time. A county admin opens the
// next year here (finance reads; opening is the admin's).
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { showRefusal } from '../../app/form-refusal';
import { countyToday, formatDate, formatYuan, parseYuan } from '../../app/format';
import { CardHeading, QueryError, TAG_COLOURS } from '../../app/page-parts';
import { useViewer } from '../../app/session';
import { BUDGET_ACCOUNTS, BUDGET_TOWNSHIPS, OPEN_PROGRAMME_YEAR, PROGRAMME_YEARS, type BudgetAccount, type ProgrammeYear } from './operations';

const PAGE_SIZE = 50;

export default function BudgetsPage() {
  const { t } = useTranslation('finance');
  const viewer = useViewer();
  const [years, refetchYears] = useQuery({ query: PROGRAMME_YEARS, variables: {} });
  const [opening, setOpening] = useState(false);
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  const open = years.data?.programmeYears ?? [];
  const thisYear = Number(countyToday().slice(0, 4));
  // this year's accounts when it is open, else the newest year's
  const year = chosenYear ?? open.find((y) => y.year === thisYear)?.year ?? open[0]?.year ?? null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('budgets.heading')}
        </Typography.Title>
        {viewer.role === 'COUNTY_ADMIN' && (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpening(true)}>
            {t('budgets.open')}
          </Button>
        )}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('budgets.help')}
      </Typography.Paragraph>
      {years.error && <QueryError error={years.error} retry={() => refetchYears({ requestPolicy: 'network-only' })} />}
      <Card title={<CardHeading>{t('budgets.years')}</CardHeading>}>
        <Table<ProgrammeYear>
          rowKey="year"
          size="small"
          pagination={false}
          loading={years.fetching && !years.data}
          dataSource={open}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('budgets.noYears')} /> }}
          columns={[
            { title: t('budgets.year'), dataIndex: 'year', render: (y: number) => t('budgets.yearValue', { year: y }) },
            { title: t('budgets.allocation'), dataIndex: 'allocationPerRecipient', align: 'right', render: (v: number) => formatYuan(v) },
            { title: t('budgets.countyFund'), dataIndex: 'countyFund', align: 'right', render: (v: number) => formatYuan(v) },
            { title: t('budgets.accountCount'), dataIndex: 'accountCount', align: 'right' },
          ]}
        />
      </Card>
      {year !== null && <Accounts key={year} year={year} years={open.map((y) => y.year)} onYear={setChosenYear} />}
      {opening && <OpenYearDialog years={open} onClose={() => setOpening(false)} onOpened={setChosenYear} />}
    </Space>
  );
}

function Accounts({ year, years, onYear }: { year: number; years: number[]; onYear: (year: number) => void }) {
  const { t } = useTranslation('finance');
  const [townshipId, setTownshipId] = useState<string | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const [regions] = useQuery({ query: BUDGET_TOWNSHIPS, variables: {} });
  const townships = useMemo(() => regions.data?.regions.flatMap((c) => c.children) ?? [], [regions.data]);
  const [result, refetch] = useQuery({ query: BUDGET_ACCOUNTS, variables: { year, first: PAGE_SIZE, after: cursors[page], townshipId } });
  const data = result.data?.budgetAccounts;
  const money = (v: number) => formatYuan(v);

  return (
    <Card title={<CardHeading>{t('budgets.accounts', { year })}</CardHeading>}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Flex wrap gap={12} align="center">
          <label htmlFor="budget-year">{t('budgets.year')}</label>
          <Select id="budget-year" style={{ width: 120 }} value={year} options={years.map((y) => ({ value: y, label: String(y) }))} onChange={onYear} />
          <label htmlFor="budget-township">{t('budgets.township')}</label>
          <Select
            id="budget-township"
            style={{ width: 180 }}
            value={townshipId ?? ''}
            loading={regions.fetching}
            showSearch={{ optionFilterProp: 'label' }}
            options={[{ value: '', label: t('budgets.allTownships') }, ...townships.map((tw) => ({ value: tw.id, label: tw.name }))]}
            onChange={(value: string) => {
              setTownshipId(value || null);
              setCursors([null]);
            }}
          />
        </Flex>
        {result.error && <QueryError error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
        <Table<BudgetAccount>
          rowKey="id"
          size="middle"
          loading={result.fetching}
          dataSource={data?.edges.map((e) => e.node) ?? []}
          pagination={false}
          scroll={{ x: 1000 }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('budgets.empty')} /> }}
          columns={[
            { title: t('budgets.recipient'), key: 'recipient', render: (_, a) => a.recipient.name },
            {
              title: t('budgets.card'),
              key: 'card',
              render: (_, a) => a.recipient.serviceCardNumber ?? <Typography.Text type="secondary">{t('budgets.noCard')}</Typography.Text>,
            },
            { title: t('budgets.village'), key: 'village', render: (_, a) => `${a.recipient.township.name} ${a.recipient.village.name}` },
            { title: t('budgets.allocated'), dataIndex: 'allocated', align: 'right', render: money },
            { title: t('budgets.held'), dataIndex: 'held', align: 'right', render: money },
            { title: t('budgets.spent'), dataIndex: 'spent', align: 'right', render: money },
            { title: t('budgets.available'), dataIndex: 'available', align: 'right', render: (v: number) => <strong>{formatYuan(v)}</strong> },
            {
              title: t('budgets.state'),
              dataIndex: 'closedAt',
              render: (closedAt: string | null) =>
                closedAt ? <Tag color={TAG_COLOURS.grey}>{t('budgets.closed', { date: formatDate(closedAt) })}</Tag> : t('budgets.inUse'),
            },
          ]}
        />
        <Flex justify="space-between" align="center" wrap gap={12}>
          <Typography.Text>{data ? t('budgets.total', { count: data.totalCount }) : ''}</Typography.Text>
          <Space>
            <Button disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
              {t('budgets.previous')}
            </Button>
            <span aria-live="polite">{t('budgets.page', { page: page + 1 })}</span>
            <Button disabled={!data?.pageInfo.hasNextPage} onClick={() => data?.pageInfo.endCursor && setCursors([...cursors, data.pageInfo.endCursor])}>
              {t('budgets.next')}
            </Button>
          </Space>
        </Flex>
      </Space>
    </Card>
  );
}

interface OpenValues {
  year: number;
  allocation: string;
  fund: string;
}

function OpenYearDialog({ years, onClose, onOpened }: { years: ProgrammeYear[]; onClose: () => void; onOpened: (year: number) => void }) {
  const { t } = useTranslation('finance');
  const { message } = App.useApp();
  const [form] = Form.useForm<OpenValues>();
  const [state, openYear] = useMutation(OPEN_PROGRAMME_YEAR);
  const [problem, setProblem] = useState<string | null>(null);
  const thisYear = Number(countyToday().slice(0, 4));
  // the year after the newest one open, with its figures (this year at DOMAIN.md's when none is)
  const latest = years.reduce<ProgrammeYear | null>((a, y) => (!a || y.year > a.year ? y : a), null);
  const asTyped = (fen: number) => formatYuan(fen).replace('¥', '');
  const initialValues = latest
    ? { year: latest.year + 1, allocation: asTyped(latest.allocationPerRecipient), fund: asTyped(latest.countyFund) }
    : { year: thisYear, allocation: '2,000.00', fund: '400,000.00' };
  const amount = {
    validator: (_r: unknown, value: string | undefined) => {
      const fen = parseYuan(value ?? '');
      return fen !== null && fen >= 0 ? Promise.resolve() : Promise.reject(new Error(t('budgets.amountInvalid')));
    },
  };
  const onFinish = async (v: OpenValues) => {
    setProblem(null);
    const result = await openYear({
      input: { year: v.year, allocationPerRecipientFen: parseYuan(v.allocation), countyFundFen: parseYuan(v.fund) },
    });
    if (result.error) {
      return setProblem(showRefusal(form, result.error, { allocationPerRecipientFen: 'allocation', countyFundFen: 'fund' }));
    }
    const opened = result.data!.openProgrammeYear;
    void message.success(t('budgets.opened', { year: opened.year, count: opened.accountCount }));
    onOpened(opened.year);
    onClose();
  };
  return (
    <Modal
      open
      title={t('budgets.openTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('budgets.openSubmit')}
      cancelText={t('budgets.cancel')}
      okButtonProps={{ loading: state.fetching }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('budgets.openHelp')} style={{ marginBottom: 16 }} />
      <Form<OpenValues> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void onFinish(v)}>
        <Form.Item
          name="year"
          label={t('budgets.openYear')}
          rules={[
            { required: true, message: t('budgets.required') },
            { type: 'integer', min: 2000, max: 2100, message: t('budgets.yearInvalid') },
          ]}
        >
          <InputNumber precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="allocation" label={t('budgets.openAllocation')} rules={[amount]}>
          <Input prefix="¥" inputMode="decimal" autoComplete="off" />
        </Form.Item>
        <Form.Item name="fund" label={t('budgets.openFund')} rules={[amount]}>
          <Input prefix="¥" inputMode="decimal" autoComplete="off" />
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </Modal>
  );
}
