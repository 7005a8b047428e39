// Around every township page: the escalated complaints, so the station hears of one whichever
// page it is on, with its subscription kept while staff move between pages.
import { Outlet } from 'react-router';
import { EscalatedComplaints } from './EscalatedComplaints';

export default function TownshipFrame() {
  return (
    <>
      <EscalatedComplaints />
      <Outlet />
    </>
  );
}
