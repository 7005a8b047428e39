import { ServiceCardPrint } from '../admin/registry/ServiceCardPrint';

export default function ServiceCardPage() {
  return <ServiceCardPrint backTo={(id) => `/township/recipients/${id}`} />;
}
