import { useEffect, useState } from 'react';

/** The current time, refreshed every `ms` so AGE columns move; one timer for the whole app. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
