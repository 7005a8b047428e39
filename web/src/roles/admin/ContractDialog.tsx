// A new contract for an organisation: number, period, fund, and the townships and service
// categories it covers (matching sends an order only to an organisation covering both).
import { useState } from 'react';
import { Alert, App, Col, DatePicker, Form, Input, Modal, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMutation, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../app/page-parts';
import { errorMessage } from '../../app/errors';
import { showRefusalAtField } from '../../app/form-refusal';
import { parseYuan } from '../../app/format';
import { CATALOG, CREATE_CONTRACT, REGIONS, type OrganisationRow } from './operations';

interface Values {
  contractNumber: string;
  startsOn: Dayjs;
  endsOn: Dayjs;
  fund: string;
  townshipIds: string[];
  categoryIds: string[];
}

export function ContractDialog({ organisation, onClose }: { organisation: OrganisationRow; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const name = useLocalName();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [regions] = useQuery({ query: REGIONS, variables: {} });
  const [catalog] = useQuery({ query: CATALOG, variables: {} });
  const [state, create] = useMutation(CREATE_CONTRACT);
  const [error, setError] = useState<string | null>(null);
  const required = { required: true, message: t('organisations.required') };

  const onFinish = async (v: Values) => {
    const result = await create({
      input: {
        organisationId: organisation.id,
        contractNumber: v.contractNumber.trim(),
        startsOn: v.startsOn.format('YYYY-MM-DD'),
        endsOn: v.endsOn.format('YYYY-MM-DD'),
        fundFen: parseYuan(v.fund)!,
        townshipIds: v.townshipIds,
        categoryIds: v.categoryIds,
      },
    });
    if (result.error && showRefusalAtField(form, result.error, { fundFen: 'fund' })) return setError(null);
    if (result.error) return setError(errorMessage(result.error));
    void message.success(t('organisations.contractSaved', { number: v.contractNumber.trim() }));
    onClose();
  };

  return (
    <Modal
      open
      width={640}
      title={t('organisations.contractTitle', { name: organisation.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('organisations.submit')}
      cancelText={t('organisations.cancel')}
      okButtonProps={{ loading: state.fetching }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="contractNumber" label={t('organisations.contractNumber')} rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="fund"
              label={t('organisations.fundLabel')}
              rules={[
                {
                  validator: (_r, value: string | undefined) => {
                    const fen = parseYuan(value ?? '');
                    return fen !== null && fen > 0 ? Promise.resolve() : Promise.reject(new Error(t('organisations.fundInvalid')));
                  },
                },
              ]}
            >
              <Input prefix="¥" inputMode="decimal" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="startsOn" label={t('organisations.startsOn')} rules={[required]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="endsOn"
              label={t('organisations.endsOn')}
              dependencies={['startsOn']}
              rules={[
                required,
                ({ getFieldValue }) => ({
                  validator: (_r, value: Dayjs | undefined) => {
                    const start = getFieldValue('startsOn') as Dayjs | undefined;
                    return !value || !start || !value.isBefore(start, 'day') ? Promise.resolve() : Promise.reject(new Error(t('organisations.endBeforeStart')));
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="townshipIds" label={t('organisations.pickTownships')} rules={[required]}>
          <Select
            mode="multiple"
            loading={regions.fetching}
            options={regions.data?.regions.flatMap((c) => c.children).map((tw) => ({ value: tw.id, label: tw.name })) ?? []}
          />
        </Form.Item>
        <Form.Item name="categoryIds" label={t('organisations.pickCategories')} rules={[required]}>
          <Select mode="multiple" loading={catalog.fetching} options={catalog.data?.serviceCatalog.map((c) => ({ value: c.id, label: name(c) })) ?? []} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
    </Modal>
  );
}
