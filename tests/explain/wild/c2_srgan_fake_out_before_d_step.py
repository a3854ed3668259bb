# ruff: noqa
# source: https://github.com/leftthomas/SRGAN/issues/79
# cause: fake_out is computed by netD before optimizerD.step() updates netD's weights in place, and g_loss.backward() then needs the old weights; as the asker's working change does, recompute fake_out = netD(fake_img).mean() after the D step.
# class: 2
# mistake: line 39, variable optimizerD
# fix: insert before line 42: fake_out = netD(fake_img).mean()
# error: RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation
# expect: runs clean
# cause-words: optimizerd|step(), netd|discriminator|weights|parameters
# fix-words: fake_out, netd(fake_img)|recompute|again

import torch
import torch.nn as nn

netG = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.PReLU(), nn.Conv2d(8, 3, 3, padding=1))
netD = nn.Sequential(nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.LeakyReLU(0.2),
                     nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 1), nn.Sigmoid())
optimizerG = torch.optim.Adam(netG.parameters())
optimizerD = torch.optim.Adam(netD.parameters())
mse = nn.MSELoss()


def generator_criterion(out_labels, out_images, target_images):
    adversarial_loss = torch.mean(1 - out_labels)
    image_loss = mse(out_images, target_images)
    return image_loss + 0.001 * adversarial_loss


for step in range(2):
    real_img = torch.rand(2, 3, 16, 16)
    z = torch.rand(2, 3, 16, 16)
    fake_img = netG(z)

    netD.zero_grad()
    real_out = netD(real_img).mean()
    fake_out = netD(fake_img).mean()
    d_loss = 1 - real_out + fake_out
    d_loss.backward(retain_graph=True)
    optimizerD.step()

    netG.zero_grad()
    g_loss = generator_criterion(fake_out, fake_img, real_img)
    g_loss.backward()
    optimizerG.step()
