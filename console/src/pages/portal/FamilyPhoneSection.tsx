/** 家长网校的一部分（建设中）。 */
const FamilyPhoneSection = ({ studentId }: { studentId: string }) => <div data-student={studentId} />;

export default FamilyPhoneSection;
