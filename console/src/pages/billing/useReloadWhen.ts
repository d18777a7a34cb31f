import { useEffect, useRef } from 'react';

/**
 * 依赖（筛选条件、账期等）变化时调用 reload（useApi 的 reload）；第一次渲染不调用，
 * 因为 useApi 挂载时已经请求过一次。
 */
export const useReloadWhen = (reload: () => void, deps: readonly unknown[]): void => {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [reload, ...deps]);
};
