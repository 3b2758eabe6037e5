import { expect } from 'chai';
import { maskAccount } from '../../machines/complaint/mask';

describe('maskAccount', () => {
  it('keeps the first two and last two characters', () => {
    expect(maskAccount('ninja_2010')).to.equal('ni******10');
    expect(maskAccount('abcde')).to.equal('ab*de');
  });

  it('shows only the first character of short accounts', () => {
    expect(maskAccount('abcd')).to.equal('a***');
    expect(maskAccount('ab')).to.equal('a*');
    expect(maskAccount('a')).to.equal('a');
    expect(maskAccount('')).to.equal('');
  });

  it('counts Vietnamese letters and emoji as one character each', () => {
    expect(maskAccount('Đức_Anh')).to.equal('Đứ***nh');
    expect(maskAccount('😀abc😀')).to.equal('😀a*c😀');
  });
});
