import { useCallback, useEffect, useRef, useState } from 'react';

export type ApiState<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** 重新请求一次。 */
  reload: () => void;
};

/**
 * 组件挂载时调用一次接口，并提供 reload。
 * 请求失败时错误放在 error 里，由页面决定怎么显示（通常用 request.ts 的 errorMessage）。
 */
export const useApi = <T,>(fetcher: (signal: AbortSignal) => Promise<T>): ApiState<T> => {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    fetcherRef.current(controller.signal).then(
      (result) => {
        if (!controller.signal.aborted) {
          setData(result);
          setError(undefined);
          setLoading(false);
        }
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) {
          setError(failure);
          setLoading(false);
        }
      },
    );
    return () => controller.abort();
  }, [round]);

  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data, error, loading, reload };
};
