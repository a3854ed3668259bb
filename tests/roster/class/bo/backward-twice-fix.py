# 评分器提供:batch(行数)
import torch
import torch.nn as nn
import torch.nn.functional as F

encoder = nn.Linear(4, 3)
head_a, head_b = nn.Linear(3, 1), nn.Linear(3, 1)
x = torch.randn(batch, 4)
h = torch.tanh(encoder(x))          # 两个损失共用
loss_a = head_a(h).pow(2).mean()
loss_b = F.softplus(head_b(h)).mean()
loss_a.backward(retain_graph=True)  # 保留计算图,第二次反向传播还要用
loss_b.backward()
print("梯度已累加:", encoder.weight.grad.shape)
