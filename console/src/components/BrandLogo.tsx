type BrandLogoProps = {
  size?: number;
};

/** 一卡通的标志：一张卡片。 */
export const BrandLogo = ({ size = 32 }: BrandLogoProps) => (
  <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label="一卡通" style={{ display: 'block' }}>
    <rect x="2" y="6" width="28" height="20" rx="4" fill="#1d5fd1" />
    <rect x="2" y="11" width="28" height="3.5" fill="#0f3d8f" />
    <rect x="6" y="18" width="9" height="4" rx="1" fill="#ffffff" />
    <circle cx="24" cy="20" r="2.5" fill="#9cc2ff" />
  </svg>
);
