// A signed-in area's frame, loaded once someone is signed in: antd's locale and theme, and
// antd's App (the messages, notices and dialogs pages open with App.useApp()) around the
// area's layout.
import { App as AntApp } from 'antd';
import type { RoleArea } from './areas';
import { ConsoleLayout } from './ConsoleLayout';
import { MobileLayout } from './MobileLayout';
import Themed from './Themed';

export default function SignedInFrame({ area }: { area: RoleArea }) {
  return (
    <Themed>
      <AntApp>{area.layout === 'mobile' ? <MobileLayout area={area} /> : <ConsoleLayout area={area} />}</AntApp>
    </Themed>
  );
}
