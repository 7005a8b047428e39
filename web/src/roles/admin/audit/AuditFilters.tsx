// What the trail can be narrowed to (the API's AuditFilter): a kind of record and one record of
// it, who made the changes, whom the records are about (an account, a recipient, a carer), and
// a span of county days. The server judges the combination (a record number needs its kind)
// and its refusal is said at the field by the page.
import { Button, Col, DatePicker, Flex, Form, Input, Row, Select } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { countyInstant } from '../../../app/format';
import { AUDIT_CARERS, type AuditFilter } from '../operations';
import { OrganisationSelect, RecipientSelect, UserSelect } from '../users/pickers';
import { useAuditWords } from './words';

export interface AuditFilterValues {
  table?: string;
  recordId?: string;
  actorId?: string;
  userId?: string;
  recipientId?: string;
  carerOrganisationId?: string;
  carerId?: string;
  from?: Dayjs | null;
  to?: Dayjs | null;
}

/** The API's filter for what the form says: whole county days, the last one included. */
export function toAuditFilter(v: AuditFilterValues): AuditFilter {
  return {
    table: v.table || undefined,
    recordId: v.recordId?.trim() || undefined,
    actorId: v.actorId || undefined,
    userId: v.userId || undefined,
    recipientId: v.recipientId || undefined,
    carerId: v.carerId || undefined,
    from: v.from ? countyInstant(v.from.format('YYYY-MM-DD'), '00:00') : undefined,
    to: v.to ? countyInstant(v.to.add(1, 'day').format('YYYY-MM-DD'), '00:00') : undefined,
  };
}

export function AuditFilters({ form, onApply }: { form: FormInstance<AuditFilterValues>; onApply: (v: AuditFilterValues) => void }) {
  const { t, i18n } = useTranslation('admin');
  const tables = useAuditWords().tables();
  const tableOptions = [
    { value: '', label: t('audit.filters.allTables') },
    ...Object.entries(tables)
      .map(([value, label]) => ({ value, label }))
      // in the reader's order (pinyin for Chinese), not the database's names'
      .sort((a, b) => a.label.localeCompare(b.label, i18n.language)),
  ];
  const from = Form.useWatch('from', form);
  const to = Form.useWatch('to', form);
  const organisationId = Form.useWatch('carerOrganisationId', form);
  // the API's largest page; an organisation has far fewer carers
  const [carers] = useQuery({ query: AUDIT_CARERS, variables: { organisationId: organisationId ?? '' }, pause: !organisationId });
  const col = { xs: 24, md: 12, xl: 6 };
  // the two days share one column's width on a wide screen, beside the carer
  const day = { xs: 24, md: 12, xl: 3 };

  return (
    <Form<AuditFilterValues> form={form} layout="vertical" onFinish={onApply} initialValues={{ table: '' }} aria-label={t('audit.filters.title')}>
      <Row gutter={16}>
        <Col {...col}>
          <Form.Item name="table" label={t('audit.filters.table')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={tableOptions} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="recordId" label={t('audit.filters.recordId')} extra={t('audit.filters.recordIdHelp')}>
            <Input maxLength={100} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="actorId" label={t('audit.filters.actor')} extra={t('audit.filters.actorHelp')}>
            <UserSelect allowClear />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="userId" label={t('audit.filters.user')} extra={t('audit.filters.userHelp')}>
            <UserSelect allowClear />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="recipientId" label={t('audit.filters.recipient')} extra={t('audit.filters.recipientHelp')}>
            <RecipientSelect allowClear />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="carerOrganisationId" label={t('audit.filters.carerOrganisation')}>
            <OrganisationSelect allowClear onChange={() => form.setFieldValue('carerId', undefined)} />
          </Form.Item>
        </Col>
        <Col {...col}>
          <Form.Item name="carerId" label={t('audit.filters.carer')} extra={t('audit.filters.carerHelp')}>
            <Select
              allowClear
              disabled={!organisationId}
              showSearch={{ optionFilterProp: 'label' }}
              loading={carers.fetching}
              options={carers.data?.carers.edges.map((e) => ({ value: e.node.id, label: `${e.node.name}（${e.node.homeVillage.name}）` })) ?? []}
            />
          </Form.Item>
        </Col>
        <Col {...day}>
          <Form.Item name="from" label={t('audit.filters.from')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => !!to && d.isAfter(to, 'day')} />
          </Form.Item>
        </Col>
        <Col {...day}>
          <Form.Item name="to" label={t('audit.filters.to')}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => !!from && d.isBefore(from, 'day')} />
          </Form.Item>
        </Col>
      </Row>
      <Flex gap={12}>
        <Button type="primary" htmlType="submit">
          {t('audit.filters.search')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onApply({});
          }}
        >
          {t('audit.filters.reset')}
        </Button>
      </Flex>
    </Form>
  );
}
