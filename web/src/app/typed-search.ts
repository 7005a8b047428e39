// What a person types into a search select, once the typing pauses: one search then, not one
// per key.
import { useEffect, useState } from 'react';

/** [the search to send (trimmed), the select's onSearch]. */
export function useTypedSearch(pauseMs = 300): [string, (typed: string) => void] {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), pauseMs);
    return () => clearTimeout(timer);
  }, [typed, pauseMs]);
  return [search, setTyped];
}
