<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>DescentLab</name>
    <message>
      <location filename="../ui/common/busy_overlay.py" />
      <source>Compiling the optimizer kernels (first launch only)…</source>
      <translation>正在编译优化器内核（仅首次启动）…</translation>
    </message>
    <message>
      <location filename="../ui/common/busy_overlay.py" />
      <source>Preparing the optimizer lab…</source>
      <translation>正在准备优化器实验…</translation>
    </message>
    <message>
      <location filename="../ui/common/config_form.py" />
      <source>must be positive</source>
      <translation>必须为正</translation>
    </message>
    <message>
      <location filename="../ui/common/config_form.py" />
      <source>must not be negative</source>
      <translation>不能为负</translation>
    </message>
    <message>
      <location filename="../ui/common/config_form.py" />
      <source>must lie in {interval}</source>
      <translation>必须在 {interval} 之内</translation>
    </message>
    <message>
      <location filename="../ui/common/config_form.py" />
      <source>must be {op} {value}</source>
      <translation>必须 {op} {value}</translation>
    </message>
    <message>
      <location filename="../ui/common/config_form.py" />
      <source>each {bounds}</source>
      <translation>每个值{bounds}</translation>
    </message>
    <message>
      <location filename="../ui/common/config_form.py" />
      <source>More</source>
      <translation>更多</translation>
    </message>
    <message>
      <location filename="../ui/common/config_form.py" />
      <location filename="../ui/train/inside/tab.py" />
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <location filename="../ui/common/latest_wins.py" />
      <source>Could not compute: {message}</source>
      <translation>无法计算：{message}</translation>
    </message>
    <message>
      <location filename="../ui/common/preset_bar.py" />
      <source>No preset (your own settings)</source>
      <translation>无预设（你自己的设置）</translation>
    </message>
    <message>
      <location filename="../ui/common/preset_bar.py" />
      <source>(modified) You changed settings since choosing this preset; choose it again to go back to it.</source>
      <translation>（已修改）选择此预设后你修改了设置；再次选择它即可恢复。</translation>
    </message>
    <message>
      <location filename="../ui/common/preset_bar.py" />
      <source>These settings match no preset; choose one to load it.</source>
      <translation>这些设置不属于任何预设；选择一个预设即可载入。</translation>
    </message>
    <message>
      <location filename="../ui/common/preset_bar.py" />
      <source>Preset</source>
      <translation>预设</translation>
    </message>
    <message>
      <location filename="../ui/common/preset_bar.py" />
      <source>{title} (modified)</source>
      <translation>{title}（已修改）</translation>
    </message>
    <message>
      <location filename="../ui/common/preset_bar.py" />
      <source>The preset: {note}</source>
      <translation>该预设：{note}</translation>
    </message>
    <message>
      <location filename="../ui/common/theme.py" />
      <location filename="../ui/shell/language_menu.py" />
      <source>System</source>
      <translation>跟随系统</translation>
    </message>
    <message>
      <location filename="../ui/common/theme.py" />
      <source>Light</source>
      <translation>浅色</translation>
    </message>
    <message>
      <location filename="../ui/common/theme.py" />
      <source>Dark</source>
      <translation>深色</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Animated GIF (*.gif);;WebP animation (*.webp);;MP4 video (*.mp4)</source>
      <translation>GIF 动画 (*.gif);;WebP 动画 (*.webp);;MP4 视频 (*.mp4)</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Animated GIF (*.gif);;WebP animation (*.webp)</source>
      <translation>GIF 动画 (*.gif);;WebP 动画 (*.webp)</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Export animation</source>
      <translation>导出动画</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source> px wide</source>
      <translation> 像素宽</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source> frames/s</source>
      <translation> 帧/秒</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>View</source>
      <translation>视图</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Size</source>
      <translation>尺寸</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Frame rate</source>
      <translation>帧率</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Frames</source>
      <translation>帧数</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Cancelled; no file was written.</source>
      <translation>已取消，未写入任何文件。</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <location filename="../ui/search/controls.py" />
      <location filename="../ui/train/run_controls.py" />
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Formats: .gif, .webp, and .mp4 (through ffmpeg).</source>
      <translation>格式：.gif、.webp 和 .mp4（通过 ffmpeg）。</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>Formats: .gif and .webp. MP4 needs an ffmpeg executable on the PATH; none was found.</source>
      <translation>格式：.gif 和 .webp。MP4 需要 PATH 中有 ffmpeg 可执行文件，但未找到。</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>encoding…</source>
      <translation>编码中…</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>done</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <location filename="../ui/search/controller.py" />
      <location filename="../ui/shell/main_window.py" />
      <location filename="../ui/train/panel.py" />
      <source>Saved {path}</source>
      <translation>已保存 {path}</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>⚠ Export failed: {message}</source>
      <translation>⚠ 导出失败：{message}</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>{width} × {height} pixels (the view's shape)</source>
      <translation>{width} × {height} 像素（与视图同比例）</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>{seconds} s long</source>
      <translation>时长 {seconds} 秒</translation>
    </message>
    <message>
      <location filename="../ui/export/animation_dialog.py" />
      <source>frame {done} / {frames}</source>
      <translation>第 {done} / {frames} 帧</translation>
    </message>
    <message>
      <location filename="../ui/export/images.py" />
      <source>PNG image (*.png);;SVG image (*.svg)</source>
      <translation>PNG 图像 (*.png);;SVG 图像 (*.svg)</translation>
    </message>
    <message>
      <location filename="../ui/init/depth_curves.py" />
      <source>layer</source>
      <translation>层</translation>
    </message>
    <message>
      <location filename="../ui/init/depth_curves.py" />
      <source>std (log scale)</source>
      <translation>标准差（对数刻度）</translation>
    </message>
    <message>
      <location filename="../ui/init/depth_curves.py" />
      <location filename="../ui/init/panel.py" />
      <source>Spread per layer</source>
      <translation>每层的分布宽度</translation>
    </message>
    <message>
      <location filename="../ui/init/depth_curves.py" />
      <source>activation std</source>
      <translation>激活值标准差</translation>
    </message>
    <message>
      <location filename="../ui/init/depth_curves.py" />
      <source>gradient std</source>
      <translation>梯度标准差</translation>
    </message>
    <message>
      <location filename="../ui/init/histogram_grid.py" />
      <location filename="../ui/train/inside/common.py" />
      <source>activations</source>
      <translation>激活值</translation>
    </message>
    <message>
      <location filename="../ui/init/histogram_grid.py" />
      <location filename="../ui/train/inside/common.py" />
      <source>pre-activations</source>
      <translation>预激活值</translation>
    </message>
    <message>
      <location filename="../ui/init/histogram_grid.py" />
      <location filename="../ui/train/inside/common.py" />
      <source>gradients ∂L/∂a</source>
      <translation>梯度 ∂L/∂a</translation>
    </message>
    <message>
      <location filename="../ui/init/histogram_grid.py" />
      <source>log₁₀(count+1)</source>
      <translation>log₁₀(计数+1)</translation>
    </message>
    <message>
      <location filename="../ui/init/histogram_grid.py" />
      <location filename="../ui/train/inside/layer_curves.py" />
      <location filename="../ui/train/inside/tab.py" />
      <source>layer {n}</source>
      <translation>第 {n} 层</translation>
    </message>
    <message>
      <location filename="../ui/init/histogram_grid.py" />
      <source>({n} non-finite)</source>
      <translation>（{n} 个非有限值）</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Initialization lab</source>
      <translation>初始化实验</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>shared axes</source>
      <translation>共享坐标轴</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>the same x and y range in every layer's histogram</source>
      <translation>每层直方图使用相同的 x 和 y 范围</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>log counts</source>
      <translation>对数计数</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Pin as B</source>
      <translation>固定为 B</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>keep the current network as configuration B (orange), then change the controls: both are drawn together</source>
      <translation>把当前网络保存为配置 B（橙色），然后修改控件：两者一起绘制</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Clear B</source>
      <translation>清除 B</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>No comparison.</source>
      <translation>无对比。</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Computing…</source>
      <translation>计算中…</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>; the loss is not finite, so no gradient is defined (|∇W| —)</source>
      <translation>；损失不是有限值，因此梯度没有定义（|∇W| —）</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <location filename="../ui/train/inside/tab.py" />
      <source>Histograms</source>
      <translation>直方图</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Histogram counts</source>
      <translation>直方图计数</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Layer statistics</source>
      <translation>各层统计量</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Network (A)</source>
      <translation>网络（A）</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Compare</source>
      <translation>对比</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Training</source>
      <translation>训练</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <location filename="../ui/optimize/controller.py" />
      <source>Not computed: {problems}</source>
      <translation>未计算：{problems}</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Not pinned: {problems}</source>
      <translation>未固定：{problems}</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>Saved initialization-lab settings were dropped: {message}</source>
      <translation>保存的初始化实验设置已被丢弃：{message}</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>{depth} layers × {width}: {bad} non-finite activations (overflow); histograms show the finite values</source>
      <translation>{depth} 层 × {width}：{bad} 个激活值非有限（溢出）；直方图显示有限值</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>{depth} layers × {width}, {samples} samples</source>
      <translation>{depth} 层 × {width}，{samples} 个样本</translation>
    </message>
    <message>
      <location filename="../ui/init/panel.py" />
      <source>B: {activation} · {init}&lt;br&gt;{depth} layers × {width} · norm {norm}</source>
      <translation>B：{activation} · {init}&lt;br&gt;{depth} 层 × {width} · 归一化 {norm}</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Layers</source>
      <translation>层数</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Width</source>
      <translation>宽度</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <location filename="../ui/train/landscape_settings.py" />
      <source>Samples</source>
      <translation>样本数</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <location filename="../ui/search/controls.py" />
      <location filename="../ui/train/landscape_settings.py" />
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Bins</source>
      <translation>分箱数</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <location filename="../ui/search/controls.py" />
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Gaussian randn (book)</source>
      <translation>高斯 randn（书中做法）</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>MNIST test images</source>
      <translation>MNIST 测试图像</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>cross-entropy, random labels</source>
      <translation>交叉熵，随机标签</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>sum of outputs</source>
      <translation>输出之和</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>zero biases</source>
      <translation>偏置为零</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Initializer</source>
      <translation>初始化方法</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Activation</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Bias</source>
      <translation>偏置</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Normalisation</source>
      <translation>归一化</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Input</source>
      <translation>输入</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>Loss (for gradients)</source>
      <translation>损失（用于梯度）</translation>
    </message>
    <message>
      <location filename="../ui/init/probe_controls.py" />
      <source>σ = {std} for a {n} → {n} layer</source>
      <translation>σ = {std}，对于 {n} → {n} 的层</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Saturated: sigmoid &lt; 0.01 or &gt; 0.99, |tanh| &gt; 0.99. Dead: ReLU units that output 0 for every sample. Statistics use finite values only.</source>
      <translation>饱和：sigmoid &lt; 0.01 或 &gt; 0.99，|tanh| &gt; 0.99。死亡：对所有样本都输出 0 的 ReLU 神经元。统计量只使用有限值。</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <location filename="../ui/train/inside/tab.py" />
      <source>Layer</source>
      <translation>层</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Mean</source>
      <translation>均值</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Std</source>
      <translation>标准差</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Min</source>
      <translation>最小值</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Max</source>
      <translation>最大值</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Saturated</source>
      <translation>饱和</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Dead</source>
      <translation>死亡</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Non-finite</source>
      <translation>非有限</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>W std (theory)</source>
      <translation>W 标准差（理论）</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>Computing the new configuration…</source>
      <translation>正在计算新的配置…</translation>
    </message>
    <message>
      <location filename="../ui/init/stats_table.py" />
      <source>The loss is not finite (the forward pass overflowed), so no gradient is defined: |∇W| shows —.</source>
      <translation>损失不是有限值（前向传播溢出），因此梯度没有定义：|∇W| 显示为 —。</translation>
    </message>
    <message>
      <location filename="../ui/init/train_action.py" />
      <source>The training lab has no {activation} activation.</source>
      <translation>训练实验没有 {activation} 激活函数。</translation>
    </message>
    <message>
      <location filename="../ui/init/train_action.py" />
      <source>The training lab has no LayerNorm (only batch norm).</source>
      <translation>训练实验没有 LayerNorm（只有批归一化）。</translation>
    </message>
    <message>
      <location filename="../ui/init/train_action.py" />
      <source>Training reads 784 MNIST pixels, not this Gaussian input: the first layer is 784 wide and every weight is drawn anew (choose the MNIST input to keep them).</source>
      <translation>训练读取 784 个 MNIST 像素，而不是这里的高斯输入：第一层有 784 个输入，所有权重都会重新抽取（选择 MNIST 输入即可保持相同权重）。</translation>
    </message>
    <message>
      <location filename="../ui/init/train_action.py" />
      <source>The run's layers have biases (zero at step 0, then learned).</source>
      <translation>该运行的各层带有偏置（第 0 步为零，之后参与学习）。</translation>
    </message>
    <message>
      <location filename="../ui/init/train_action.py" />
      <source>The run's gradients are cross-entropy's on the true labels, not the outputs' sum.</source>
      <translation>该运行的梯度来自真实标签上的交叉熵，而不是输出之和。</translation>
    </message>
    <message>
      <location filename="../ui/init/train_action.py" />
      <source>Train this network</source>
      <translation>训练这个网络</translation>
    </message>
    <message>
      <location filename="../ui/init/train_action.py" />
      <source>Add this network to the training lab as a new run: the same layers, activation, initializer, batch norm and seed, so its step-0 statistics are these (on the same input); trained as the book's initializer experiment (SGD 0.01, batch 128, 2000 iterations).</source>
      <translation>把这个网络作为新的运行加入训练实验：层、激活函数、初始化方法、批归一化和种子都相同，因此（在相同输入上）它第 0 步的统计量就是这里的统计量；按书中的初始化实验训练（SGD 0.01，批大小 128，2000 次迭代）。</translation>
    </message>
    <message>
      <location filename="../ui/init/train_action.py" />
      <source>Fix the network's settings first.</source>
      <translation>请先修正网络的设置。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/contour_map.py" />
      <source>start point: drag it, or click anywhere on the map</source>
      <translation>起点：拖动它，或在图上任意位置点击</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>Tick at least one optimizer to sweep.</source>
      <translation>请至少勾选一个优化器再进行扫描。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>the tolerance is not valid</source>
      <translation>容差无效</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>Tick at least one optimizer.</source>
      <translation>请至少勾选一个优化器。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>Not swept: {problems}</source>
      <translation>未扫描：{problems}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>Not mapped: {problems}</source>
      <translation>未绘制图谱：{problems}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>Tick {optimizer} to map it.</source>
      <translation>请先勾选 {optimizer} 再绘制它的图谱。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>Sweep failed: {message}</source>
      <translation>扫描失败：{message}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>Map failed: {message}</source>
      <translation>图谱计算失败：{message}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/controller.py" />
      <source>tick at least one optimizer</source>
      <translation>请至少勾选一个优化器</translation>
    </message>
    <message>
      <location filename="../ui/optimize/function_picker.py" />
      <source>Type a function f(x, y)…</source>
      <translation>输入函数 f(x, y)…</translation>
    </message>
    <message>
      <location filename="../ui/optimize/function_picker.py" />
      <source>e.g. sin(x)*cos(y) + 0.1*(x**2 + y**2)   (Enter to apply)</source>
      <translation>例如 sin(x)*cos(y) + 0.1*(x**2 + y**2)   （按 Enter 应用）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/function_picker.py" />
      <source>numbers, x, y, pi, e, + - * /, ** or ^ for powers (x^2 is x**2), and sin cos tan exp log sqrt abs tanh sinh cosh arctan arcsin arccos</source>
      <translation>数字、x、y、pi、e、+ - * /，幂用 ** 或 ^（x^2 即 x**2），以及 sin cos tan exp log sqrt abs tanh sinh cosh arctan arcsin arccos</translation>
    </message>
    <message>
      <location filename="../ui/optimize/function_picker.py" />
      <source>Function</source>
      <translation>函数</translation>
    </message>
    <message>
      <location filename="../ui/optimize/function_picker.py" />
      <source>⚠ Function: {message} — still showing the previous function</source>
      <translation>⚠ 函数：{message} — 仍显示之前的函数</translation>
    </message>
    <message>
      <location filename="../ui/optimize/loss_plot.py" />
      <location filename="../ui/optimize/schedule_editor.py" />
      <location filename="../ui/optimize/theory_view.py" />
      <source>step</source>
      <translation>步</translation>
    </message>
    <message>
      <location filename="../ui/optimize/loss_plot.py" />
      <source>Loss per step</source>
      <translation>每步的损失</translation>
    </message>
    <message>
      <location filename="../ui/optimize/loss_plot.py" />
      <source>{quantity} (log scale)</source>
      <translation>{quantity}（对数刻度）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <source>a ticked optimizer with momentum or β₁</source>
      <translation>一个已勾选、带动量或 β₁ 的优化器</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <source>Run map</source>
      <translation>计算图谱</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <source>steps to the tolerance at 60 learning rates × 50 momenta, in one batched computation</source>
      <translation>在 60 个学习率 × 50 个动量下达到容差所需的步数，一次批量计算完成</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <source>Choose an optimizer and click “Run map”; then click a cell to use its (η, β).</source>
      <translation>选择一个优化器并点击“计算图谱”；然后点击某个格子即可使用它的 (η, β)。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <location filename="&lt;engine&gt;" />
      <source>learning rate η</source>
      <translation>学习率 η</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <source>Mapping in the background…</source>
      <translation>正在后台计算图谱…</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <source>fastest: η = {lr:.3g}, {name} = {value:.3g} in {steps} steps</source>
      <translation>最快：η = {lr:.3g}，{name} = {value:.3g}，用 {steps} 步</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <source>no cell reached the tolerance {tolerance:g}</source>
      <translation>没有格子达到容差 {tolerance:g}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/momentum_map.py" />
      <source>{optimizer}: {found} (◆); {diverged} of {cells} cells diverged (dark grey); light grey: never within the tolerance. ★ heavy-ball's optimum; orange, pink: critical damping of λmin, λmax; +: the rate in use. Click a cell to use it.</source>
      <translation>{optimizer}：{found}（◆）；{cells} 个格子中有 {diverged} 个发散（深灰）；浅灰：始终未进入容差。★ 重球法最优点；橙色、粉色：λmin、λmax 的临界阻尼；+：当前使用的值。点击格子即可使用。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/optimizer_table.py" />
      <source>learning rate η (log scale)</source>
      <translation>学习率 η（对数刻度）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/optimizer_table.py" />
      <source>&lt;b&gt;Optimizer&lt;/b&gt;</source>
      <translation>&lt;b&gt;优化器&lt;/b&gt;</translation>
    </message>
    <message>
      <location filename="../ui/optimize/optimizer_table.py" />
      <source>&lt;b&gt;learning rate&lt;/b&gt;</source>
      <translation>&lt;b&gt;学习率&lt;/b&gt;</translation>
    </message>
    <message>
      <location filename="../ui/optimize/optimizer_table.py" />
      <source>other hyperparameters of {optimizer}</source>
      <translation>{optimizer} 的其他超参数</translation>
    </message>
    <message>
      <location filename="../ui/optimize/optimizer_table.py" />
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>GD diverges above 2/λmax = {limit}</source>
      <translation>学习率超过 2/λmax = {limit} 时梯度下降发散</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Optimizer lab</source>
      <translation>优化器实验</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>2×2 view</source>
      <translation>2×2 视图</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <location filename="&lt;engine&gt;" />
      <source>one map per optimizer, as in the book's figure</source>
      <translation>每个优化器一张图，与书中的插图一样</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>3-D</source>
      <translation>三维</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>the function as a surface with the paths on it; drag to rotate</source>
      <translation>把函数画成曲面，轨迹贴在曲面上；拖动可旋转</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Learning-rate sweep</source>
      <translation>学习率扫描</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>(η, β) map</source>
      <translation>(η, β) 图谱</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Theory</source>
      <translation>理论</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <location filename="../ui/search/trials_table.py" />
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>The saved function “{spec}” was dropped: {message}</source>
      <translation>保存的函数“{spec}”已被丢弃：{message}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Contour map</source>
      <translation>等高线图</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Loss plot</source>
      <translation>损失图</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Error per eigendirection</source>
      <translation>各特征方向上的误差</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Schedule preview</source>
      <translation>学习率调度预览</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Optimizers (hover a name for its update rule)</source>
      <translation>优化器（鼠标悬停在名称上查看更新规则）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Learning-rate schedule</source>
      <translation>学习率调度</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <location filename="../ui/train/inside/tab.py" />
      <location filename="../ui/train/run_editor.py" />
      <location filename="../ui/train/run_list.py" />
      <source>Run</source>
      <translation>运行</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>{optimizer} diverged at step {step}</source>
      <translation>{optimizer} 在第 {step} 步发散</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>{n} trajectories, {steps} steps</source>
      <translation>{n} 条轨迹，{steps} 步</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Trajectories</source>
      <translation>轨迹</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>schedule</source>
      <translation>学习率调度</translation>
    </message>
    <message>
      <location filename="../ui/optimize/panel.py" />
      <source>Saved optimizer-lab settings were dropped: {message}</source>
      <translation>保存的优化器实验设置已被丢弃：{message}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/playback_bar.py" />
      <source>Play</source>
      <translation>播放</translation>
    </message>
    <message>
      <location filename="../ui/optimize/playback_bar.py" />
      <source>play the trajectories step by step</source>
      <translation>逐步播放轨迹</translation>
    </message>
    <message>
      <location filename="../ui/optimize/playback_bar.py" />
      <location filename="../ui/search/controls.py" />
      <location filename="../ui/train/run_controls.py" />
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <location filename="../ui/optimize/playback_bar.py" />
      <source>step {step} / {steps}</source>
      <translation>第 {step} / {steps} 步</translation>
    </message>
    <message>
      <location filename="../ui/optimize/playback_bar.py" />
      <source>{n} steps/s</source>
      <translation>{n} 步/秒</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <location filename="../ui/optimize/state_view.py" />
      <source>Optimizer</source>
      <translation>优化器</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>Final point</source>
      <translation>最终位置</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>Final loss</source>
      <translation>最终损失</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>Within tol. at</source>
      <translation>进入容差的步数</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <location filename="../ui/train/run_list.py" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>ok</source>
      <translation>正常</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>never</source>
      <translation>从未</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>diverged at step {step}</source>
      <translation>在第 {step} 步发散</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>Within {tolerance} at</source>
      <translation>进入 {tolerance} 范围的步数</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>the first step within distance {tolerance} of a known minimum (Minimum tolerance, under Run)</source>
      <translation>第一次进入已知最小值 {tolerance} 距离范围内的步数（在“运行”下的“最小值容差”中设置）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/readout_table.py" />
      <source>step {step}</source>
      <translation>第 {step} 步</translation>
    </message>
    <message>
      <location filename="../ui/optimize/run_settings.py" />
      <source>Steps</source>
      <translation>步数</translation>
    </message>
    <message>
      <location filename="../ui/optimize/run_settings.py" />
      <source>Gradient noise σ</source>
      <translation>梯度噪声 σ</translation>
    </message>
    <message>
      <location filename="../ui/optimize/run_settings.py" />
      <source>Noise seed</source>
      <translation>噪声种子</translation>
    </message>
    <message>
      <location filename="../ui/optimize/run_settings.py" />
      <source>Clip gradient norm</source>
      <translation>梯度范数裁剪</translation>
    </message>
    <message>
      <location filename="../ui/optimize/run_settings.py" />
      <source>Minimum tolerance</source>
      <translation>最小值容差</translation>
    </message>
    <message>
      <location filename="../ui/optimize/schedule_editor.py" />
      <source>lr / η</source>
      <translation>lr / η</translation>
    </message>
    <message>
      <location filename="../ui/optimize/schedule_editor.py" />
      <source>The warm-up ({warmup} updates) lasts the whole run of {steps}: the cosine never starts. Lower warmup or add steps.</source>
      <translation>预热（{warmup} 次更新）占满了全部 {steps} 步：余弦阶段从未开始。请减小 warmup 或增加步数。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/schedule_editor.py" />
      <source>step_size ({size}) ≥ {steps} steps: the rate never decays.</source>
      <translation>step_size（{size}）≥ {steps} 步：学习率从不衰减。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/schedule_editor.py" />
      <source>Every milestone is at or after step {steps}: the rate never decays.</source>
      <translation>所有里程碑都在第 {steps} 步或之后：学习率从不衰减。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>On the map: −g red, momentum and first moments white (arrows point the way they push), second moments yellow (boxes of ±√v per axis; Adam's m̂ and v̂ bias-corrected, so an arrow's reach against its box is the step's against η), all in the gradient's units at one scale per update (the longest is a fifth of the map); the step Δθ black, step sizes orange and Schedule-Free's z white and y cyan, at the map's scale.</source>
      <translation>图上：−g 为红色，动量与一阶矩为白色（箭头指向它们推动的方向），二阶矩为黄色（每个坐标轴 ±√v 的方框；Adam 的 m̂ 与 v̂ 经过偏差校正，因此箭头相对方框的长度就是步长相对 η 的比例），它们都以梯度的单位、每次更新一个共同比例绘制（最长者为地图的五分之一）；步长 Δθ 为黑色，各坐标步长为橙色，Schedule-Free 的 z 为白色、y 为青色，按地图本身的比例绘制。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>Symbol</source>
      <translation>符号</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>Before</source>
      <translation>更新前</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>After</source>
      <translation>更新后</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>Quantity</source>
      <translation>量</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>whose state to show and draw on the map</source>
      <translation>显示并在图上绘制哪个优化器的状态</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>Update</source>
      <translation>更新</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>no recorded state</source>
      <translation>没有记录的状态</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>{update}: from step {before} to {after}</source>
      <translation>{update}：从第 {before} 步到第 {after} 步</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>This update:</source>
      <translation>本次更新：</translation>
    </message>
    <message>
      <location filename="../ui/optimize/state_view.py" />
      <source>The rule:</source>
      <translation>更新规则：</translation>
    </message>
    <message>
      <location filename="../ui/optimize/surface_3d.py" />
      <source>drag to rotate, wheel to zoom</source>
      <translation>拖动旋转，滚轮缩放</translation>
    </message>
    <message>
      <location filename="../ui/optimize/surface_3d.py" />
      <source>the “{platform}” display has no OpenGL</source>
      <translation>“{platform}”显示平台没有 OpenGL</translation>
    </message>
    <message>
      <location filename="../ui/optimize/surface_3d.py" />
      <source>OpenGL is not available ({error})</source>
      <translation>OpenGL 不可用（{error}）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/surface_3d.py" />
      <source>The 3-D view needs OpenGL: {reason}. The contour map shows the same function and paths.</source>
      <translation>三维视图需要 OpenGL：{reason}。等高线图显示的是同一个函数和同样的轨迹。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>Run sweep</source>
      <translation>运行扫描</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>final result of each ticked optimizer at 100 learning rates from 1e-4 to 10, in one batched computation</source>
      <translation>每个勾选的优化器在 1e-4 到 10 之间的 100 个学习率下的最终结果，一次批量计算完成</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>final loss f − f*</source>
      <translation>最终损失 f − f*</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>distance to the minimum</source>
      <translation>到最小值的距离</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>Click “Run sweep”; then click a point to use its learning rate.</source>
      <translation>点击“运行扫描”；然后点击某一点以使用其学习率。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>final loss (positive values)</source>
      <translation>最终损失（正值）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>Settings changed — sweep again (the greyed curves are for the previous settings).</source>
      <translation>设置已更改——请重新扫描（灰色曲线对应之前的设置）。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>Sweeping in the background…</source>
      <translation>正在后台扫描…</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>{n} optimizers × {lrs} learning rates; {diverged} runs diverged (not drawn). Dashed: the rate in use. Click a point to use it.</source>
      <translation>{n} 个优化器 × {lrs} 个学习率；{diverged} 次运行发散（未绘制）。虚线：当前使用的学习率。点击某一点即可使用。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>distance to the nearest minimum</source>
      <translation>到最近最小值的距离</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>f − f* (floored at {floor})</source>
      <translation>f − f*（下限为 {floor}）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/sweep_plot.py" />
      <source>{optimizer}: learning rate in use {lr}</source>
      <translation>{optimizer}：当前使用的学习率 {lr}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>No finite curvature here: no quadratic model.</source>
      <translation>此处曲率不是有限值：没有二次模型。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>a quadratic: these figures hold everywhere</source>
      <translation>二次函数：这些数值处处成立</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>not a quadratic: the local model only</source>
      <translation>不是二次函数：仅为局部模型</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>not a bowl here (λmin ≤ 0): no condition number or best rate</source>
      <translation>此处不是碗形（λmin ≤ 0）：没有条件数，也没有最佳学习率</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>the optimizer whose error per eigendirection is drawn (SGD, Momentum, Nesterov: those with a closed form)</source>
      <translation>绘制其各特征方向误差的优化器（SGD、Momentum、Nesterov：有闭式解的那些）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>|error|</source>
      <translation>|误差|</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>Solid: the run, projected on each eigenvector. Dashed: the quadratic model's prediction (GD: |1 − ηλᵢ|ᵗ; momentum: the 2×2 companion matrix). Exact on a quadratic without noise or clipping.</source>
      <translation>实线：实际运行在各特征向量上的投影。虚线：二次模型的预测（梯度下降：|1 − ηλᵢ|ᵗ；动量：2×2 伴随矩阵）。在无噪声、无裁剪的二次函数上完全一致。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>at the minimum ({x:.3g}, {y:.3g})</source>
      <translation>在最小值点 ({x:.3g}, {y:.3g})</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>at the start point ({x:.3g}, {y:.3g})</source>
      <translation>在起点 ({x:.3g}, {y:.3g})</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>Hessian</source>
      <translation>黑塞矩阵</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>eigenvalues λ₁ = {a:.4g}, λ₂ = {b:.4g}</source>
      <translation>特征值 λ₁ = {a:.4g}，λ₂ = {b:.4g}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>Error per eigendirection of</source>
      <translation>各特征方向上的误差：</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>Tick SGD, Momentum or Nesterov (no dampening or weight decay) to compare the prediction with the run.</source>
      <translation>勾选 SGD、Momentum 或 Nesterov（不带 dampening 和权重衰减），即可把预测与实际运行对比。</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>GD is stable for η &amp;lt; 2/λmax = &lt;b&gt;{limit:.4g}&lt;/b&gt; (marked on every learning-rate slider and on the sweep)</source>
      <translation>当 η &amp;lt; 2/λmax = &lt;b&gt;{limit:.4g}&lt;/b&gt; 时梯度下降稳定（已标在每个学习率滑块和扫描图上）</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>condition number κ = λmax/λmin = &lt;b&gt;{kappa:.4g}&lt;/b&gt;</source>
      <translation>条件数 κ = λmax/λmin = &lt;b&gt;{kappa:.4g}&lt;/b&gt;</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>best fixed GD rate η* = 2/(λmin+λmax) = &lt;b&gt;{lr:.4g}&lt;/b&gt;, error × {rate:.4g} per step</source>
      <translation>梯度下降的最佳固定学习率 η* = 2/(λmin+λmax) = &lt;b&gt;{lr:.4g}&lt;/b&gt;，误差每步 × {rate:.4g}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>heavy-ball optimum η = &lt;b&gt;{lr:.4g}&lt;/b&gt;, β = &lt;b&gt;{beta:.4g}&lt;/b&gt;, error × {rate:.4g} per step</source>
      <translation>重球法最优 η = &lt;b&gt;{lr:.4g}&lt;/b&gt;，β = &lt;b&gt;{beta:.4g}&lt;/b&gt;，误差每步 × {rate:.4g}</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>{direction} run</source>
      <translation>{direction} 实际</translation>
    </message>
    <message>
      <location filename="../ui/optimize/theory_view.py" />
      <source>{direction} predicted</source>
      <translation>{direction} 预测</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Search finished.</source>
      <translation>搜索完成。</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Paused: Start resumes.</source>
      <translation>已暂停：“开始”可继续。</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Stopped: trials in training were put back; Start resumes.</source>
      <translation>已停止：正在训练的试验已放回；“开始”可继续。</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>The search stopped: {message}</source>
      <translation>搜索已停止：{message}</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Pausing: the trials in training finish first…</source>
      <translation>暂停中：先完成正在训练的试验…</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Stopping…</source>
      <translation>停止中…</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>{done} of {budget} trials done · {running} training · {queued} queued · {pruned} pruned · {failed} failed · best validation accuracy {best}</source>
      <translation>已完成 {done} / {budget} 次试验 · {running} 次训练中 · {queued} 次排队中 · {pruned} 次剪枝 · {failed} 次失败 · 最佳验证准确率 {best}</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>give the study a name</source>
      <translation>请给研究起个名字</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <location filename="../ui/search/panel.py" />
      <source>Open or start a study first.</source>
      <translation>请先打开或开始一个研究。</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Opening the study {name}…</source>
      <translation>正在打开研究 {name}…</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Could not read the study: {message}</source>
      <translation>无法读取研究：{message}</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Not started: {problems}</source>
      <translation>未开始：{problems}</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Searching: study {name} in {where}</source>
      <translation>搜索中：研究 {name}，位于 {where}</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Opened study {name} ({n} trials): Start resumes it</source>
      <translation>已打开研究 {name}（{n} 次试验）：“开始”会继续它</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Reopened study {name} ({n} trials): Start resumes it</source>
      <translation>已重新打开研究 {name}（{n} 次试验）：“开始”会继续它</translation>
    </message>
    <message>
      <location filename="../ui/search/controller.py" />
      <source>Study file not exported: {message}</source>
      <translation>研究文件未导出：{message}</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>the budget: finished trials (complete, pruned, diverged); raise it to extend a finished study</source>
      <translation>预算：已结束的试验数（完成、剪枝、发散）；提高它即可延长已结束的研究</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>seed of the sampler and of the trials' weights</source>
      <translation>采样器和试验权重的随机种子</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <location filename="../ui/search/panel.py" />
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Trials</source>
      <translation>试验数</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <location filename="../ui/search/trials_table.py" />
      <source>Epochs</source>
      <translation>轮数</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Sampler</source>
      <translation>采样器</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Pruner</source>
      <translation>剪枝器</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>names the study; workers on other machines join it by name</source>
      <translation>研究的名称；其他机器上的 worker 按名称加入</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Default folder</source>
      <translation>默认文件夹</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Database URL or file</source>
      <translation>数据库 URL 或文件</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>a shared database: other machines join the study with
descent-lab search worker --storage URL --study NAME</source>
      <translation>共享数据库：其他机器用以下命令加入研究
descent-lab search worker --storage URL --study NAME</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>studies in the default folder (or in the URL's storage)</source>
      <translation>默认文件夹中（或 URL 对应存储中）的研究</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Open</source>
      <translation>打开</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>show the study's trials and settings; Start resumes it</source>
      <translation>显示该研究的试验和设置；“开始”会继续它</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Export study file…</source>
      <translation>导出研究文件…</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>a copy of the study's journal file (optuna-dashboard reads it)</source>
      <translation>研究日志文件的副本（optuna-dashboard 可以读取）</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Name</source>
      <translation>名称</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Storage</source>
      <translation>存储</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Studies</source>
      <translation>研究</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <location filename="../ui/train/run_controls.py" />
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>start the search, or resume the study</source>
      <translation>开始搜索，或继续该研究</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>finish the trials in training, then wait (Start resumes)</source>
      <translation>完成正在训练的试验后等待（“开始”可继续）</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>stop now: trials in training are re-asked when the study resumes; finished trials are kept</source>
      <translation>立即停止：正在训练的试验在研究继续时重新请求；已完成的试验会保留</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>Not started.</source>
      <translation>尚未开始。</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>random (the book)</source>
      <translation>随机（书中做法）</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>TPE</source>
      <translation>TPE</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>quasi-random (Sobol)</source>
      <translation>准随机（Sobol）</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>median</source>
      <translation>中位数</translation>
    </message>
    <message>
      <location filename="../ui/search/controls.py" />
      <source>successive halving</source>
      <translation>逐次减半</translation>
    </message>
    <message>
      <location filename="../ui/search/panel.py" />
      <source>Search lab</source>
      <translation>搜索实验</translation>
    </message>
    <message>
      <location filename="../ui/search/panel.py" />
      <source>Export study file</source>
      <translation>导出研究文件</translation>
    </message>
    <message>
      <location filename="../ui/search/panel.py" />
      <source>Optuna journal (*.journal *.log)</source>
      <translation>Optuna 日志 (*.journal *.log)</translation>
    </message>
    <message>
      <location filename="../ui/search/panel.py" />
      <source>Search</source>
      <translation>搜索</translation>
    </message>
    <message>
      <location filename="../ui/search/panel.py" />
      <source>Search space</source>
      <translation>搜索空间</translation>
    </message>
    <message>
      <location filename="../ui/search/panel.py" />
      <source>Budget and method</source>
      <translation>预算和方法</translation>
    </message>
    <message>
      <location filename="../ui/search/panel.py" />
      <source>Study</source>
      <translation>研究</translation>
    </message>
    <message>
      <location filename="../ui/search/panel.py" />
      <location filename="../ui/search/trials_table.py" />
      <source>Trial</source>
      <translation>试验</translation>
    </message>
    <message>
      <location filename="../ui/search/settings.py" />
      <source>{name} = {value}: {problem}</source>
      <translation>{name} = {value}：{problem}</translation>
    </message>
    <message>
      <location filename="../ui/search/settings.py" />
      <source>a whole number; give it as choices</source>
      <translation>整数；请以选项形式给出</translation>
    </message>
    <message>
      <location filename="../ui/search/settings.py" />
      <source>Stop the search before choosing another preset.</source>
      <translation>请先停止搜索，再选择其他预设。</translation>
    </message>
    <message>
      <location filename="../ui/search/settings.py" />
      <source>Saved search-lab settings were dropped: {message}</source>
      <translation>保存的搜索实验设置已被丢弃：{message}</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>Parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>Scale</source>
      <translation>刻度</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>Low</source>
      <translation>下限</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>High</source>
      <translation>上限</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>Choices</source>
      <translation>选项</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>log</source>
      <translation>对数</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>linear</source>
      <translation>线性</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>choices</source>
      <translation>选项</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>Add parameter</source>
      <translation>添加参数</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <location filename="../ui/train/run_controls.py" />
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>low</source>
      <translation>下限</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>high</source>
      <translation>上限</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>e.g. sgd, adam</source>
      <translation>例如 sgd, adam</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>{name}: give the choices, separated by commas</source>
      <translation>{name}：请给出选项，用逗号分隔</translation>
    </message>
    <message>
      <location filename="../ui/search/space_editor.py" />
      <source>{name}: {which} '{text}' is not a number</source>
      <translation>{name}：{which}“{text}”不是数字</translation>
    </message>
    <message>
      <location filename="../ui/search/studies.py" />
      <source>No study chosen: press Refresh to list the studies.</source>
      <translation>未选择研究：按“刷新”列出研究。</translation>
    </message>
    <message>
      <location filename="../ui/search/studies.py" />
      <source>{n} studies found</source>
      <translation>找到 {n} 个研究</translation>
    </message>
    <message>
      <location filename="../ui/search/studies.py" />
      <source>The study {name} was not reopened: {message}</source>
      <translation>未能重新打开研究 {name}：{message}</translation>
    </message>
    <message>
      <location filename="../ui/search/trial_curves.py" />
      <location filename="../ui/train/training_curves.py" />
      <source>epoch</source>
      <translation>轮次</translation>
    </message>
    <message>
      <location filename="../ui/search/trial_curves.py" />
      <location filename="../ui/train/training_curves.py" />
      <source>accuracy</source>
      <translation>准确率</translation>
    </message>
    <message>
      <location filename="../ui/search/trial_curves.py" />
      <source>Click a trial to see its curves</source>
      <translation>点击一次试验查看其曲线</translation>
    </message>
    <message>
      <location filename="../ui/search/trial_curves.py" />
      <source>Train this configuration</source>
      <translation>训练此配置</translation>
    </message>
    <message>
      <location filename="../ui/search/trial_curves.py" />
      <source>add the selected trial to the training lab as a new run</source>
      <translation>把选中的试验作为新的运行加入训练实验</translation>
    </message>
    <message>
      <location filename="../ui/search/trial_curves.py" />
      <location filename="../ui/search/views/small_multiples.py" />
      <source>train</source>
      <translation>训练</translation>
    </message>
    <message>
      <location filename="../ui/search/trial_curves.py" />
      <location filename="../ui/search/views/small_multiples.py" />
      <source>validation</source>
      <translation>验证</translation>
    </message>
    <message>
      <location filename="../ui/search/trial_curves.py" />
      <source>Trial {number} ({state})&lt;br&gt;{params}</source>
      <translation>试验 {number}（{state}）&lt;br&gt;{params}</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>Val. acc.</source>
      <translation>验证准确率</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>Best val. acc.</source>
      <translation>最佳验证准确率</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>Train acc.</source>
      <translation>训练准确率</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>Time (s)</source>
      <translation>时间（秒）</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>complete</source>
      <translation>完成</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>pruned</source>
      <translation>已剪枝</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <location filename="../ui/train/run_list.py" />
      <source>diverged</source>
      <translation>已发散</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <location filename="../ui/train/run_list.py" />
      <source>running</source>
      <translation>运行中</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>waiting</source>
      <translation>等待中</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <location filename="../ui/train/run_list.py" />
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>lost</source>
      <translation>丢失</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>over budget</source>
      <translation>超出预算</translation>
    </message>
    <message>
      <location filename="../ui/search/trials_table.py" />
      <source>interrupted</source>
      <translation>已中断</translation>
    </message>
    <message>
      <location filename="../ui/search/view_set.py" />
      <source>Scatter</source>
      <translation>散点图</translation>
    </message>
    <message>
      <location filename="../ui/search/view_set.py" />
      <source>Best 20 curves</source>
      <translation>最佳 20 条曲线</translation>
    </message>
    <message>
      <location filename="../ui/search/view_set.py" />
      <source>Parallel coordinates</source>
      <translation>平行坐标</translation>
    </message>
    <message>
      <location filename="../ui/search/view_set.py" />
      <source>History</source>
      <translation>历史</translation>
    </message>
    <message>
      <location filename="../ui/search/view_set.py" />
      <source>Importance</source>
      <translation>重要性</translation>
    </message>
    <message>
      <location filename="../ui/search/view_set.py" />
      <source>Fit colours to the trials</source>
      <translation>按试验范围着色</translation>
    </message>
    <message>
      <location filename="../ui/search/view_set.py" />
      <source>colour the trials over their own range of validation accuracy, to tell close ones apart; off: the whole 0–1 scale, the same colour for the same accuracy in every study</source>
      <translation>按这些试验自身的验证准确率范围着色，便于区分相近的试验；关闭时使用完整的 0–1 刻度，在每个研究中相同的准确率对应相同的颜色</translation>
    </message>
    <message>
      <location filename="../ui/search/views/common.py" />
      <location filename="../ui/search/views/history.py" />
      <location filename="../ui/search/views/scatter.py" />
      <source>validation accuracy</source>
      <translation>验证准确率</translation>
    </message>
    <message>
      <location filename="../ui/search/views/common.py" />
      <source>trial #{n}</source>
      <translation>试验 #{n}</translation>
    </message>
    <message>
      <location filename="../ui/search/views/common.py" />
      <source>val acc: {acc}</source>
      <translation>验证准确率：{acc}</translation>
    </message>
    <message>
      <location filename="../ui/search/views/common.py" />
      <source>state: {state}</source>
      <translation>状态：{state}</translation>
    </message>
    <message>
      <location filename="../ui/search/views/history.py" />
      <source>trial</source>
      <translation>试验</translation>
    </message>
    <message>
      <location filename="../ui/search/views/history.py" />
      <source>complete trial</source>
      <translation>完成的试验</translation>
    </message>
    <message>
      <location filename="../ui/search/views/history.py" />
      <source>pruned, diverged or failed</source>
      <translation>剪枝、发散或失败</translation>
    </message>
    <message>
      <location filename="../ui/search/views/history.py" />
      <source>best so far</source>
      <translation>目前最佳</translation>
    </message>
    <message>
      <location filename="../ui/search/views/importance.py" />
      <source>importance</source>
      <translation>重要性</translation>
    </message>
    <message>
      <location filename="../ui/search/views/importance.py" />
      <source>parameter importance</source>
      <translation>参数重要性</translation>
    </message>
    <message>
      <location filename="../ui/search/views/importance.py" />
      <source>parameter importance ({method})</source>
      <translation>参数重要性（{method}）</translation>
    </message>
    <message>
      <location filename="../ui/search/views/importance.py" />
      <source>needs &gt;= {n} complete trials and 2 parameters</source>
      <translation>需要至少 {n} 次完成的试验和 2 个参数</translation>
    </message>
    <message>
      <location filename="../ui/search/views/parallel.py" />
      <source>val acc</source>
      <translation>验证准确率</translation>
    </message>
    <message>
      <location filename="../ui/search/views/scatter.py" />
      <source>{done} complete trials, {other} pruned, diverged or failed</source>
      <translation>{done} 次完成的试验，{other} 次剪枝、发散或失败</translation>
    </message>
    <message>
      <location filename="../ui/search/views/scatter.py" />
      <source>x:</source>
      <translation>x：</translation>
    </message>
    <message>
      <location filename="../ui/search/views/scatter.py" />
      <source>y:</source>
      <translation>y：</translation>
    </message>
    <message>
      <location filename="../ui/search/views/small_multiples.py" />
      <source>#{n} val {acc}</source>
      <translation>#{n} 验证 {acc}</translation>
    </message>
    <message>
      <location filename="../ui/shell/about.py" />
      <source>not known yet (torch is still loading)</source>
      <translation>尚不知道（torch 仍在加载）</translation>
    </message>
    <message>
      <location filename="../ui/shell/about.py" />
      <source>; this torch build has no CUDA</source>
      <translation>；此 torch 版本不支持 CUDA</translation>
    </message>
    <message>
      <location filename="../ui/shell/about.py" />
      <source>not installed</source>
      <translation>未安装</translation>
    </message>
    <message>
      <location filename="../ui/shell/about.py" />
      <source>Device</source>
      <translation>设备</translation>
    </message>
    <message>
      <location filename="../ui/shell/about.py" />
      <source>CUDA GPU: {name}</source>
      <translation>CUDA GPU：{name}</translation>
    </message>
    <message>
      <location filename="../ui/shell/about.py" />
      <source>CPU, {n} threads</source>
      <translation>CPU，{n} 个线程</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Guide to the current lab</source>
      <translation>当前实验的指南</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Export the current lab's plots and data (the Export menu)</source>
      <translation>导出当前实验的图表和数据（导出菜单）</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Copy the current lab's first figure as an image</source>
      <translation>将当前实验的第一张图复制为图像</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Save session: every lab's settings in one file</source>
      <translation>保存会话：所有实验的设置存入一个文件</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <location filename="../ui/shell/session.py" />
      <source>Open session</source>
      <translation>打开会话</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Presentation mode: full screen, larger text, thicker lines (F11 again leaves)</source>
      <translation>演示模式：全屏、更大的文字、更粗的线条（再按 F11 退出）</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Play or pause the optimizer lab's playback (not while typing in a field)</source>
      <translation>播放或暂停优化器实验的回放（在输入框中打字时除外）</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>This lab has no guide yet; see the README.</source>
      <translation>此实验还没有指南；请参阅 README。</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Keyboard shortcuts</source>
      <translation>键盘快捷键</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>&amp;Guide to this lab</source>
      <translation>本实验指南(&amp;G)</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>&amp;Keyboard shortcuts</source>
      <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Play / pause</source>
      <translation>播放 / 暂停</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Guide: {lab}</source>
      <translation>指南：{lab}</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>The guide could not be read: {reason}</source>
      <translation>无法读取指南：{reason}</translation>
    </message>
    <message>
      <location filename="../ui/shell/help.py" />
      <source>Switch to the {lab}</source>
      <translation>切换到{lab}</translation>
    </message>
    <message>
      <location filename="../ui/shell/language_menu.py" />
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <location filename="../ui/shell/language_menu.py" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <location filename="../ui/shell/language_menu.py" />
      <source>The new language takes effect when Descent Lab starts again.</source>
      <translation>新的语言将在 Descent Lab 下次启动时生效。</translation>
    </message>
    <message>
      <location filename="../ui/shell/language_menu.py" />
      <source>Restart now</source>
      <translation>立即重启</translation>
    </message>
    <message>
      <location filename="../ui/shell/language_menu.py" />
      <source>Later</source>
      <translation>稍后</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Built with PySide6 (Qt), pyqtgraph, NumPy, numba, SymPy and PyTorch.</source>
      <translation>基于 PySide6 (Qt)、pyqtgraph、NumPy、numba、SymPy 和 PyTorch 构建。</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>&amp;Export</source>
      <translation>导出(&amp;E)</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Export &amp;animation…</source>
      <translation>导出动画(&amp;A)…</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>&amp;Copy figure image</source>
      <translation>复制图像(&amp;C)</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>&amp;Manage stored data…</source>
      <translation>管理存储的数据(&amp;M)…</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>&amp;About Descent Lab</source>
      <translation>关于 Descent Lab(&amp;A)</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Image copied to the clipboard</source>
      <translation>图像已复制到剪贴板</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>This lab has nothing to animate yet</source>
      <translation>此实验还没有可以制作动画的内容</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>This lab has no figure to copy</source>
      <translation>此实验没有可复制的图</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Not handed over</source>
      <translation>未能转交</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Export failed</source>
      <translation>导出失败</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Bundled data: the MNIST database of handwritten digits (Yann LeCun, Corinna Cortes, Christopher J.C. Burges), CC BY-SA 3.0.</source>
      <translation>附带数据：MNIST 手写数字数据库（Yann LeCun、Corinna Cortes、Christopher J.C. Burges），CC BY-SA 3.0。</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>About Descent Lab</source>
      <translation>关于 Descent Lab</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Export {what}</source>
      <translation>导出{what}</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Export {what} into a folder</source>
      <translation>把{what}导出到文件夹</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>{plot} as PNG or SVG…</source>
      <translation>{plot}（PNG 或 SVG）…</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>{data} as CSV…</source>
      <translation>{data}（CSV）…</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>{weights} (safetensors + JSON + .pt)…</source>
      <translation>{weights}（safetensors + JSON + .pt）…</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>{files}…</source>
      <translation>{files}…</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>No lab here takes this ({key}).</source>
      <translation>这里没有实验接收此内容（{key}）。</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>Experiments after chapter 6 of &lt;i&gt;Deep Learning from Scratch&lt;/i&gt; (Koki Saitoh, O'Reilly Japan). Update rules follow &lt;code&gt;torch.optim&lt;/code&gt;; schedules follow &lt;code&gt;torch.optim.lr_scheduler&lt;/code&gt;.</source>
      <translation>实验依据 &lt;i&gt;Deep Learning from Scratch&lt;/i&gt;（斋藤康毅，O'Reilly Japan；中文版《深度学习入门》）第 6 章。更新规则与 &lt;code&gt;torch.optim&lt;/code&gt; 一致；学习率调度与 &lt;code&gt;torch.optim.lr_scheduler&lt;/code&gt; 一致。</translation>
    </message>
    <message>
      <location filename="../ui/shell/main_window.py" />
      <source>See and measure how neural networks are optimized and initialized.</source>
      <translation>观察并测量神经网络是如何被优化和初始化的。</translation>
    </message>
    <message>
      <location filename="../ui/shell/presentation.py" />
      <source>&amp;Presentation</source>
      <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
      <location filename="../ui/shell/presentation.py" />
      <source>Full screen, larger text and thicker lines, for a projector</source>
      <translation>全屏、更大的文字和更粗的线条，适合投影仪</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>Descent Lab session (*.toml)</source>
      <translation>Descent Lab 会话 (*.toml)</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>&amp;Save session…</source>
      <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>Every lab's settings in one TOML file to hand to others</source>
      <translation>把所有实验的设置存入一个 TOML 文件，便于分享给他人</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>&amp;Open session…</source>
      <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>Save session</source>
      <translation>保存会话</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>Session not opened</source>
      <translation>会话未打开</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>Session not saved</source>
      <translation>会话未保存</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>Session saved to {path}</source>
      <translation>会话已保存到 {path}</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>Opening session {name}…</source>
      <translation>正在打开会话 {name}…</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>Session {name} opened ({sections})</source>
      <translation>已打开会话 {name}（{sections}）</translation>
    </message>
    <message>
      <location filename="../ui/shell/session.py" />
      <source>{name}: cannot be read ({error})</source>
      <translation>{name}：无法读取（{error}）</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Stored as</source>
      <translation>存储为</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Size on disk</source>
      <translation>占用空间</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>in use: a run in the training lab's list</source>
      <translation>使用中：训练实验列表中的运行</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>in use: the study open in the search lab</source>
      <translation>使用中：搜索实验中打开的研究</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>in use: a search is running on it</source>
      <translation>使用中：正在对其进行搜索</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>in use: written to less than a minute ago</source>
      <translation>使用中：不到一分钟前有写入</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Manage stored data</source>
      <translation>管理存储的数据</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Open folder</source>
      <translation>打开文件夹</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Show the selected entry's folder (or the data folder) in the file manager</source>
      <translation>在文件管理器中显示所选条目的文件夹（或数据文件夹）</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Move to trash</source>
      <translation>移到回收站</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Delete permanently…</source>
      <translation>永久删除…</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Reading the data folder…</source>
      <translation>正在读取数据文件夹…</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Moved to the trash: {n}</source>
      <translation>已移到回收站：{n}</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Deleted: {n}</source>
      <translation>已删除：{n}</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Run folders</source>
      <translation>运行文件夹</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Search studies</source>
      <translation>搜索研究</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Entries: {n}, {size} in all</source>
      <translation>条目：{n}，共 {size}</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Delete permanently</source>
      <translation>永久删除</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Delete the selected entries ({n}, {size}) permanently? This cannot be undone.</source>
      <translation>永久删除所选条目（{n} 个，{size}）？此操作无法撤销。</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Saved sessions that name these runs will open them without results.</source>
      <translation>引用这些运行的已保存会话打开时将没有结果。</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Some entries were not removed</source>
      <translation>部分条目未被移除</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Run folders and search studies kept in {folder}. Those in use cannot be deleted here: remove the run from the training lab's list, or open another study, first.</source>
      <translation>保存在 {folder} 中的运行文件夹和搜索研究。使用中的条目不能在这里删除：请先从训练实验的列表中移除该运行，或打开另一个研究。</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Removing the entries ({n})…</source>
      <translation>正在移除条目（{n} 个）…</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Not removed: {message}</source>
      <translation>未移除：{message}</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>damaged: {message}</source>
      <translation>已损坏：{message}</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>selected: {n}, {size}</source>
      <translation>已选：{n} 个，{size}</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>in use, kept: {n}</source>
      <translation>使用中，保留：{n} 个</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Move the selected entries ({n}, {size}) to the trash?</source>
      <translation>将所选条目（{n} 个，{size}）移到回收站？</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>The trash did not take them: this system may have no trash (offscreen sessions and some containers have none).</source>
      <translation>无法移到回收站：此系统可能没有回收站（离屏会话和某些容器中没有）。</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>Not moved, no trash: {n}</source>
      <translation>未移动（没有回收站）：{n} 个</translation>
    </message>
    <message>
      <location filename="../ui/shell/stored_data_dialog.py" />
      <source>{title} ({n}, {size})</source>
      <translation>{title}（{n} 个，{size}）</translation>
    </message>
    <message>
      <location filename="../ui/shell/theme_menu.py" />
      <source>&amp;Theme</source>
      <translation>主题(&amp;T)</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>Added run {name}: press Start to train it</source>
      <translation>已添加运行 {name}：按“开始”进行训练</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>The training lab holds at most {n} runs: remove one first.</source>
      <translation>训练实验室最多容纳 {n} 个运行：请先删除一个。</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>{name}: learning rate set to {lr}</source>
      <translation>{name}：学习率已设为 {lr}</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>{n} earlier run(s) with results replaced; their results are saved in {folder}</source>
      <translation>{n} 个已有结果的旧运行被替换；它们的结果保存在 {folder}</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>{name}: nothing changed</source>
      <translation>{name}：没有变化</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>{name} keeps its results; the edit is the new run {new}</source>
      <translation>{name} 保留其结果；编辑后的配置成为新运行 {new}</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>{name} keeps its results; started it again as {new}</source>
      <translation>{name} 保留其结果；已作为 {new} 重新开始</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>{name} failed: {message}</source>
      <translation>{name} 失败：{message}</translation>
    </message>
    <message>
      <location filename="../ui/train/controller.py" />
      <source>Not restored: {problems}</source>
      <translation>未恢复：{problems}</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>Confusion matrix (test set)</source>
      <translation>混淆矩阵（测试集）</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>true label</source>
      <translation>真实标签</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>predicted label</source>
      <translation>预测标签</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <location filename="../ui/train/results.py" />
      <source>Select a finished run to see its test results.</source>
      <translation>选择一个已完成的运行以查看其测试结果。</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>Share of each true label</source>
      <translation>按真实标签的占比</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>Colour each cell by its share of the true label's test digits (otherwise by its count)</source>
      <translation>按每个格子在该真实标签测试数字中的占比着色（否则按个数）</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>Log colours</source>
      <translation>对数色阶</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>A log colour scale: a few mistakes still show</source>
      <translation>对数色阶：少量错误也看得见</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>&lt;b&gt;Misclassified test digits&lt;/b&gt; (predicted / true)</source>
      <translation>&lt;b&gt;识别错误的测试数字&lt;/b&gt;（预测 / 真实）</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>&lt;b&gt;Misclassified test digits&lt;/b&gt; (predicted / true); click a cell to see one pair</source>
      <translation>&lt;b&gt;识别错误的测试数字&lt;/b&gt;（预测 / 真实）；点击一个格子只看这一对</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>&lt;b&gt;{name}&lt;/b&gt;: test accuracy &lt;b&gt;{accuracy}&lt;/b&gt; ({wrong} of {total} test digits misclassified)</source>
      <translation>&lt;b&gt;{name}&lt;/b&gt;：测试准确率 &lt;b&gt;{accuracy}&lt;/b&gt;（{total} 个测试数字中有 {wrong} 个识别错误）</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>&lt;b&gt;{true} predicted as {predicted}&lt;/b&gt;: {n} test digits (click the cell again for every mistake)</source>
      <translation>&lt;b&gt;{true} 被预测为 {predicted}&lt;/b&gt;：{n} 个测试数字（再次点击该格子显示全部错误）</translation>
    </message>
    <message>
      <location filename="../ui/train/evaluation_view.py" />
      <source>predicted {pred}, true {true}</source>
      <translation>预测 {pred}，真实 {true}</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/animation.py" />
      <source>Inside: histograms over the run</source>
      <translation>内部：直方图在整个运行中的变化</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/animation.py" />
      <source>no measurements to animate yet: measure a run inside first</source>
      <translation>尚无可制作动画的测量：请先测量一个运行的内部</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/common.py" />
      <source>weights</source>
      <translation>权重</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/common.py" />
      <source>weight gradients ∂L/∂W</source>
      <translation>权重梯度 ∂L/∂W</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/heatmap.py" />
      <location filename="../ui/train/inside/layer_curves.py" />
      <location filename="../ui/train/stability_view.py" />
      <location filename="../ui/train/training_curves.py" />
      <source>iteration</source>
      <translation>迭代</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/heatmap.py" />
      <source>Histograms over time</source>
      <translation>直方图随时间的变化</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/heatmap.py" />
      <source>Histograms over time: no measurements</source>
      <translation>直方图随时间的变化：尚无测量</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/heatmap.py" />
      <source>Layer {layer}, {kind}: histograms over time (colour: log₁₀(1 + count), {bins} fixed bins)</source>
      <translation>第 {layer} 层，{kind}：直方图随时间的变化（颜色：log₁₀(1 + 计数)，{bins} 个固定分箱）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/layer_curves.py" />
      <source>Update ratio ‖ΔW‖/‖W‖ (guide 1e-3)</source>
      <translation>更新比 ‖ΔW‖/‖W‖（参考值 1e-3）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/layer_curves.py" />
      <source>‖∂L/∂W‖ per layer</source>
      <translation>每层的 ‖∂L/∂W‖</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/layer_curves.py" />
      <source>ratio (log)</source>
      <translation>比值（对数）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/layer_curves.py" />
      <source>norm (log)</source>
      <translation>范数（对数）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/layer_curves.py" />
      <source>Dead units (dashed: not active since the last measurement)</source>
      <translation>死亡单元（虚线：自上次测量以来从未激活）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/layer_curves.py" />
      <source>Saturated units</source>
      <translation>饱和单元</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/layer_curves.py" />
      <source>Spread (std) of the {kind}</source>
      <translation>{kind}的分布宽度（标准差）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/loss_cursor.py" />
      <source>Drag (or click the plot) to choose the iteration the Inside tab shows</source>
      <translation>拖动（或点击图）选择“内部”页显示的迭代</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/outlines.py" />
      <location filename="../ui/train/inside/side_by_side.py" />
      <source>density (log)</source>
      <translation>密度（对数）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/outlines.py" />
      <source>Histograms at chosen iterations</source>
      <translation>所选迭代处的直方图</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/outlines.py" />
      <source>iteration {n} (cursor)</source>
      <translation>第 {n} 次迭代（游标）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/outlines.py" />
      <location filename="../ui/train/inside/side_by_side.py" />
      <location filename="../ui/train/inside/tab.py" />
      <source>iteration {n}</source>
      <translation>第 {n} 次迭代</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/outlines.py" />
      <source>Layer {layer}, {kind} at chosen iterations</source>
      <translation>第 {layer} 层，所选迭代处的{kind}</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/side_by_side.py" />
      <source>difference</source>
      <translation>差值</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/side_by_side.py" />
      <source>Choose a second run to compare</source>
      <translation>请选择第二个运行进行对比</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/side_by_side.py" />
      <source>iterations {a} and {b}</source>
      <translation>第 {a} 和第 {b} 次迭代</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/side_by_side.py" />
      <source>Layer {layer}, {kind}: {a} and {b} at {when}</source>
      <translation>第 {layer} 层，{kind}：{a} 与 {b}，{when}</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/side_by_side.py" />
      <source>{a} − {b} (exact, on both runs' bin edges)</source>
      <translation>{a} − {b}（精确，基于两个运行各自的分箱边界）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/side_by_side.py" />
      <source>No {kind} of layer {layer} measured in {runs}</source>
      <translation>{runs} 没有测量第 {layer} 层的{kind}</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Measure inside new runs, every</source>
      <translation>测量新运行的内部，每</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Pin iteration</source>
      <translation>固定此迭代</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Clear pins</source>
      <translation>清除固定</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Per layer</source>
      <translation>逐层</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Side by side</source>
      <translation>并排对比</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Cost: not known for this run (read from its run folder)</source>
      <translation>开销：此运行未知（从其运行文件夹读取）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Cost: {ms:.3g} ms per iteration, {share:.1%} of the training step</source>
      <translation>开销：每次迭代 {ms:.3g} 毫秒，占训练步的 {share:.1%}</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>iterations</source>
      <translation>次迭代</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>compare with</source>
      <translation>对比</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <location filename="../ui/train/landscape_tab.py" />
      <source>Iteration</source>
      <translation>迭代</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Inside: histograms over time</source>
      <translation>内部：直方图随时间的变化</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Inside: histograms at chosen iterations</source>
      <translation>内部：所选迭代处的直方图</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Inside: per-layer curves</source>
      <translation>内部：逐层曲线</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Inside: two runs side by side</source>
      <translation>内部：两个运行并排对比</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Nothing measured yet: tick “Measure inside new runs” and start a run (or choose the preset “Book: initializers over time”).</source>
      <translation>尚无测量：勾选“测量新运行的内部”并开始一个运行（或选择预设“书中：初始值随时间的变化（内部）”）。</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>Inside-training diagnostics</source>
      <translation>训练内部诊断</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tab.py" />
      <source>{name}: no symptom stands out at iteration {n}</source>
      <translation>{name}：第 {n} 次迭代时没有明显的症状</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tensorboard_export.py" />
      <source>TensorBoard log not written</source>
      <translation>未写入 TensorBoard 日志</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tensorboard_export.py" />
      <source>Writing the TensorBoard logs of {n} run(s)…</source>
      <translation>正在写入 {n} 个运行的 TensorBoard 日志…</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tensorboard_export.py" />
      <source>TensorBoard logs of {n} run(s) written to {folder} (tensorboard --logdir {folder})</source>
      <translation>已将 {n} 个运行的 TensorBoard 日志写入 {folder}（tensorboard --logdir {folder}）</translation>
    </message>
    <message>
      <location filename="../ui/train/inside/tensorboard_export.py" />
      <source>TensorBoard logs need the optional package tensorboardX. Install it with: pip install 'descent-lab[tensorboard]'</source>
      <translation>TensorBoard 日志需要可选软件包 tensorboardX。安装方法：pip install 'descent-lab[tensorboard]'</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>direction 1 (filter-normalised)</source>
      <translation>方向 1（滤波器归一化）</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>direction 2 (filter-normalised)</source>
      <translation>方向 2（滤波器归一化）</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>Loss on a random plane around {run}</source>
      <translation>{run} 周围随机平面上的损失</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>t along the top Hessian eigenvector</source>
      <translation>沿 Hessian 最大特征向量的 t</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>t (0: start, 1: end)</source>
      <translation>t（0：起点，1：终点）</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>PC 1 ({share:.1%} of the variance)</source>
      <translation>主成分 1（解释 {share:.1%} 的方差）</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>PC 2 ({share:.1%} of the variance)</source>
      <translation>主成分 2（解释 {share:.1%} 的方差）</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>Loss on the runs' shared PCA plane (explained variance {share})</source>
      <translation>各次运行共享的 PCA 平面上的损失（解释方差 {share}）</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>Loss along the top Hessian eigenvector of {run} (λ = {value:.4g})</source>
      <translation>{run} 沿 Hessian 最大特征向量的损失（λ = {value:.4g}）</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>Loss along the line {runs}</source>
      <translation>沿直线 {runs} 的损失</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_map.py" />
      <source>from the initial to the final weights of {run}</source>
      <translation>从 {run} 的初始权重到最终权重</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>Snapshots every</source>
      <translation>快照间隔</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>Sharpness every</source>
      <translation>锐度测量间隔</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>Lanczos steps</source>
      <translation>Lanczos 步数</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>Plane</source>
      <translation>平面</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>Grid</source>
      <translation>网格</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>Span</source>
      <translation>范围</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>Runs with saved results. Tick one (or several started from the same weights: one shared PCA plane); the first ticked is the centre. A line between two runs takes two.</source>
      <translation>已保存结果的运行。勾选一个（或从同一组权重出发的几个：共享一个 PCA 平面）；第一个勾选的运行是中心。两个运行之间的直线需要勾选两个。</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>Compute</source>
      <translation>计算</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <location filename="../ui/train/sharpness_now.py" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <location filename="../ui/train/landscape_tab.py" />
      <source>Train runs with snapshots on, then tick them here.</source>
      <translation>先在打开快照的情况下训练运行，再在这里勾选它们。</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <source>While runs train</source>
      <translation>训练时</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_settings.py" />
      <location filename="../ui/train/panel.py" />
      <source>Landscape</source>
      <translation>损失地形</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Tick a run with saved results first.</source>
      <translation>请先勾选一个已保存结果的运行。</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>A line runs from one run's initial to its final weights, or between two runs: tick one or two.</source>
      <translation>直线从一个运行的初始权重到最终权重，或连接两个运行：请勾选一个或两个。</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>The line along the top Hessian eigenvector is one run's: tick one.</source>
      <translation>沿 Hessian 最大特征向量的直线只属于一个运行：请只勾选一个。</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Plane or line</source>
      <translation>平面或直线</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Stability</source>
      <translation>稳定性</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Loading the runs and their snapshots…</source>
      <translation>正在载入运行及其快照…</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <location filename="../ui/train/sharpness_now.py" />
      <source>Cancelled.</source>
      <translation>已取消。</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Loss landscape</source>
      <translation>损失地形</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Loss along a line</source>
      <translation>沿直线的损失</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Sharpness and thresholds</source>
      <translation>锐度与阈值</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Loss beside sharpness</source>
      <translation>锐度旁的损失</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Compute a landscape first.</source>
      <translation>请先计算一个损失地形。</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Measured {done} of {total} points…</source>
      <translation>已测量 {total} 个点中的 {done} 个…</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>{kind}: {points} points, loss {low:.4g} to {high:.4g}</source>
      <translation>{kind}：{points} 个点，损失 {low:.4g} 到 {high:.4g}</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Landscape not computed: {why}</source>
      <translation>损失地形未计算：{why}</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Landscape grid</source>
      <translation>损失地形网格</translation>
    </message>
    <message>
      <location filename="../ui/train/landscape_tab.py" />
      <source>Sharpness</source>
      <translation>锐度</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Training lab</source>
      <translation>训练实验</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Open &amp;dataset folder…</source>
      <translation>打开数据集文件夹(&amp;D)…</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>&amp;Load weights…</source>
      <translation>加载权重(&amp;L)…</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Export landscape grid (NPZ)…</source>
      <translation>导出损失地形网格（NPZ）…</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Curves</source>
      <translation>曲线</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Small multiples</source>
      <translation>小多图</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Test results</source>
      <translation>测试结果</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Inside</source>
      <translation>内部</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Test results not shown</source>
      <translation>未显示测试结果</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Open an MNIST-format dataset folder</source>
      <translation>打开 MNIST 格式的数据集文件夹</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Export landscape grid</source>
      <translation>导出损失地形网格</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>NumPy arrays (*.npz)</source>
      <translation>NumPy 数组 (*.npz)</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Load weights</source>
      <translation>加载权重</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Weights (*.safetensors *.pt)</source>
      <translation>权重 (*.safetensors *.pt)</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Runs</source>
      <translation>运行</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Select a run to edit it.</source>
      <translation>请先选择一个运行再编辑。</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Loss curves</source>
      <translation>损失曲线</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Accuracy curves</source>
      <translation>准确率曲线</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Learning-rate curves</source>
      <translation>学习率曲线</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Confusion matrix</source>
      <translation>混淆矩阵</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>TensorBoard log</source>
      <translation>TensorBoard 日志</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <location filename="../ui/train/training_curves.py" />
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Paths over the landscape</source>
      <translation>损失地形上的路径</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Data: {where}</source>
      <translation>数据：{where}</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Weights not loaded</source>
      <translation>未加载权重</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Dataset not loaded</source>
      <translation>未加载数据集</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Colour of {name}</source>
      <translation>{name} 的颜色</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Remove run</source>
      <translation>移除运行</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Landscape grid not saved</source>
      <translation>损失地形网格未保存</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>bundled MNIST</source>
      <translation>附带的 MNIST</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Its results stay in {folder}.</source>
      <translation>它的结果保留在 {folder}。</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Training metrics</source>
      <translation>训练指标</translation>
    </message>
    <message>
      <location filename="../ui/train/panel.py" />
      <source>Remove {name} and its curves and test results from the list?</source>
      <translation>从列表中移除 {name} 及其曲线和测试结果？</translation>
    </message>
    <message>
      <location filename="../ui/train/results.py" />
      <source>Dataset {name}: {train} training and {test} test images, {classes} classes</source>
      <translation>数据集 {name}：{train} 张训练图像和 {test} 张测试图像，{classes} 个类别</translation>
    </message>
    <message>
      <location filename="../ui/train/results.py" />
      <source>{name}: test accuracy {accuracy}</source>
      <translation>{name}：测试准确率 {accuracy}</translation>
    </message>
    <message>
      <location filename="../ui/train/results.py" />
      <source>Reading {folder}…</source>
      <translation>正在读取 {folder}…</translation>
    </message>
    <message>
      <location filename="../ui/train/results.py" />
      <source>Evaluating {file}…</source>
      <translation>正在评估 {file}…</translation>
    </message>
    <message>
      <location filename="../ui/train/results.py" />
      <source>{name}: reading the test set…</source>
      <translation>{name}：正在读取测试集…</translation>
    </message>
    <message>
      <location filename="../ui/train/results.py" />
      <source>Trained weights of {name}</source>
      <translation>{name} 训练好的权重</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Duplicate</source>
      <translation>复制</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Edit…</source>
      <translation>编辑…</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Start all</source>
      <translation>全部开始</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Resume all</source>
      <translation>全部继续</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Pause all</source>
      <translation>全部暂停</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Stop all</source>
      <translation>全部停止</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Start a queued run, resume a paused one; a run with results is started again as a new run</source>
      <translation>开始排队中的运行，或继续已暂停的运行；已有结果的运行会作为新运行重新开始</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Start every queued run and resume paused ones; runs with results are kept as they are</source>
      <translation>开始所有排队中的运行并继续已暂停的运行；已有结果的运行保持不变</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>Enter: change the selected run's learning rate while it trains</source>
      <translation>Enter：在训练时修改所选运行的学习率</translation>
    </message>
    <message>
      <location filename="../ui/train/run_controls.py" />
      <source>lr, live:</source>
      <translation>实时 lr：</translation>
    </message>
    <message>
      <location filename="../ui/train/run_editor.py" />
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <location filename="../ui/train/run_editor.py" />
      <source>Optimizer and schedule</source>
      <translation>优化器和学习率调度</translation>
    </message>
    <message>
      <location filename="../ui/train/run_editor.py" />
      <source>Data</source>
      <translation>数据</translation>
    </message>
    <message>
      <location filename="../ui/train/run_editor.py" />
      <source>Regularization</source>
      <translation>正则化</translation>
    </message>
    <message>
      <location filename="../ui/train/run_editor.py" />
      <source>name: use letters, digits, '-' and '_' (it names files)</source>
      <translation>name：请使用字母、数字、“-”和“_”（它用作文件名）</translation>
    </message>
    <message>
      <location filename="../ui/train/run_editor.py" />
      <source>Edit run {name}</source>
      <translation>编辑运行 {name}</translation>
    </message>
    <message>
      <location filename="../ui/train/run_editor.py" />
      <source>name: '{name}' is already a run</source>
      <translation>name：“{name}”已是一个运行</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>Progress</source>
      <translation>进度</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>queued</source>
      <translation>排队中</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>paused</source>
      <translation>已暂停</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>finished</source>
      <translation>已完成</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>starting</source>
      <translation>启动中</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>diverged at iteration {n}</source>
      <translation>在第 {n} 次迭代发散</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>failed: {message}</source>
      <translation>失败：{message}</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>{minutes}:{seconds} left</source>
      <translation>剩余 {minutes}:{seconds}</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>{seconds} s left</source>
      <translation>剩余 {seconds} 秒</translation>
    </message>
    <message>
      <location filename="../ui/train/run_list.py" />
      <source>double-click to change the colour</source>
      <translation>双击以更改颜色</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>{name}: its weights are not finite (the run diverged), so there is no sharpness to measure.</source>
      <translation>{name}：它的权重不是有限值（该运行已发散），因此无法测量锐度。</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>Measure sharpness now</source>
      <translation>立即测量锐度</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>The top Hessian eigenvalue of the run selected in the run list, now: between two iterations while it trains, at its final weights once it has ended. The point is drawn as a hollow circle and saved with the run (sharpness.csv in its folder).</source>
      <translation>马上测量运行列表中所选运行的 Hessian 最大特征值：训练中时在两次迭代之间测量，结束后在它的最终权重上测量。这个点画成空心圆，并随运行一起保存（其文件夹中的 sharpness.csv）。</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>Select a run in the run list first.</source>
      <translation>请先在运行列表中选择一个运行。</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>Measuring the sharpness of {name}…</source>
      <translation>正在测量 {name} 的锐度…</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>, threshold {value}</source>
      <translation>，阈值 {value}</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>{name}: sharpness {value} at iteration {iteration}{limit}</source>
      <translation>{name}：第 {iteration} 次迭代时锐度为 {value}{limit}</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>Sharpness of {name} not measured: {why}</source>
      <translation>未能测量 {name} 的锐度：{why}</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>Sharpness of {name} is being measured: wait for it or cancel it.</source>
      <translation>正在测量 {name} 的锐度：请等待它完成或取消。</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>{name} has no saved weights to measure: train it first.</source>
      <translation>{name} 没有可测量的已保存权重：请先训练它。</translation>
    </message>
    <message>
      <location filename="../ui/train/sharpness_now.py" />
      <source>{name} is not training any more: try again.</source>
      <translation>{name} 已不在训练：请再试一次。</translation>
    </message>
    <message>
      <location filename="../ui/train/stability_view.py" />
      <source>Sharpness λ₁; dashed: the run's stability threshold</source>
      <translation>锐度 λ₁；虚线：该运行的稳定性阈值</translation>
    </message>
    <message>
      <location filename="../ui/train/stability_view.py" />
      <source>sharpness (log scale)</source>
      <translation>锐度（对数刻度）</translation>
    </message>
    <message>
      <location filename="../ui/train/stability_view.py" />
      <source>Training loss</source>
      <translation>训练损失</translation>
    </message>
    <message>
      <location filename="../ui/train/stability_view.py" />
      <source>loss (log scale)</source>
      <translation>损失（对数刻度）</translation>
    </message>
    <message>
      <location filename="../ui/train/stability_view.py" />
      <source>measured on demand</source>
      <translation>按需测量</translation>
    </message>
    <message>
      <location filename="../ui/train/training_curves.py" />
      <source>Minibatch loss</source>
      <translation>小批量损失</translation>
    </message>
    <message>
      <location filename="../ui/train/training_curves.py" />
      <source>cross-entropy (log scale)</source>
      <translation>交叉熵（对数刻度）</translation>
    </message>
    <message>
      <location filename="../ui/train/training_curves.py" />
      <source>Accuracy (solid: train, dashed: validation)</source>
      <translation>准确率（实线：训练，虚线：验证）</translation>
    </message>
    <message>
      <location filename="../ui/train/training_curves.py" />
      <source>lr {value}</source>
      <translation>学习率 {value}</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>SGD</source>
      <translation>SGD</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>θ ← θ − η·g</source>
      <translation>θ ← θ − η·g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Momentum</source>
      <translation>Momentum</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>b ← μ·b + (1−τ)·g   (b = g at the first step)
θ ← θ − η·b
(the book writes v ← μ·v − η·g; equal while η is constant)</source>
      <translation>b ← μ·b + (1−τ)·g   （第一步时 b = g）
θ ← θ − η·b
（书中写作 v ← μ·v − η·g；在 η 不变时二者相同）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Nesterov</source>
      <translation>Nesterov</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>b ← μ·b + g
θ ← θ − η·(g + μ·b)</source>
      <translation>b ← μ·b + g
θ ← θ − η·(g + μ·b)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>AdaGrad</source>
      <translation>AdaGrad</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>s ← s + g²
θ ← θ − η/(1+(t−1)·decay) · g/(√s + ε)</source>
      <translation>s ← s + g²
θ ← θ − η/(1+(t−1)·decay) · g/(√s + ε)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>RMSProp</source>
      <translation>RMSProp</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>v ← α·v + (1−α)·g²
(centered: ḡ ← α·ḡ + (1−α)·g, v̄ = v − ḡ²)
b ← μ·b + g/(√v̄ + ε)
θ ← θ − η·b   (μ = 0: θ ← θ − η·g/(√v̄ + ε))</source>
      <translation>v ← α·v + (1−α)·g²
（centered：ḡ ← α·ḡ + (1−α)·g，v̄ = v − ḡ²）
b ← μ·b + g/(√v̄ + ε)
θ ← θ − η·b   （μ = 0：θ ← θ − η·g/(√v̄ + ε)）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Adam</source>
      <translation>Adam</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>m ← β₁·m + (1−β₁)·g
v ← β₂·v + (1−β₂)·g²
m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
θ ← θ − η·m̂ / (√v̂ + ε)
(weight decay adds λ·θ to g)</source>
      <translation>m ← β₁·m + (1−β₁)·g
v ← β₂·v + (1−β₂)·g²
m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
θ ← θ − η·m̂ / (√v̂ + ε)
（权重衰减把 λ·θ 加到 g 上）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>AMSGrad</source>
      <translation>AMSGrad</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>m ← β₁·m + (1−β₁)·g
v ← β₂·v + (1−β₂)·g²
m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
v_max ← max(v_max, v)
θ ← θ − η·m̂ / (√v̂_max + ε)</source>
      <translation>m ← β₁·m + (1−β₁)·g
v ← β₂·v + (1−β₂)·g²
m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
v_max ← max(v_max, v)
θ ← θ − η·m̂ / (√v̂_max + ε)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>AdamW</source>
      <translation>AdamW</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>θ ← θ·(1 − η·λ)   (decoupled weight decay)
m ← β₁·m + (1−β₁)·g
v ← β₂·v + (1−β₂)·g²
m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
θ ← θ − η·m̂ / (√v̂ + ε)</source>
      <translation>θ ← θ·(1 − η·λ)   （解耦的权重衰减）
m ← β₁·m + (1−β₁)·g
v ← β₂·v + (1−β₂)·g²
m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
θ ← θ − η·m̂ / (√v̂ + ε)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>NAdam</source>
      <translation>NAdam</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>μₜ = β₁·(1 − ½·0.96^(t·ψ))
m ← β₁·m + (1−β₁)·g,  v ← β₂·v + (1−β₂)·g²
θ ← θ − η·[(1−μₜ)·g/(1−Πμ) + μₜ₊₁·m/(1−Πμ·μₜ₊₁)] / (√(v/(1−β₂ᵗ)) + ε)</source>
      <translation>μₜ = β₁·(1 − ½·0.96^(t·ψ))
m ← β₁·m + (1−β₁)·g,  v ← β₂·v + (1−β₂)·g²
θ ← θ − η·[(1−μₜ)·g/(1−Πμ) + μₜ₊₁·m/(1−Πμ·μₜ₊₁)] / (√(v/(1−β₂ᵗ)) + ε)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>RAdam</source>
      <translation>RAdam</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>m, v as Adam;  ρ∞ = 2/(1−β₂) − 1,  ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ)
ρₜ &gt; 5: θ ← θ − η·r·m̂·√(1−β₂ᵗ)/(√v + ε)   (r: variance rectification)
else:   θ ← θ − η·m̂</source>
      <translation>m、v 同 Adam；  ρ∞ = 2/(1−β₂) − 1,  ρₜ = ρ∞ − 2t·β₂ᵗ/(1−β₂ᵗ)
ρₜ &gt; 5：θ ← θ − η·r·m̂·√(1−β₂ᵗ)/(√v + ε)   （r：方差修正项）
否则：   θ ← θ − η·m̂</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Adadelta</source>
      <translation>Adadelta</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>v ← ρ·v + (1−ρ)·g²
Δ = √(u + ε)/√(v + ε) · g
u ← ρ·u + (1−ρ)·Δ²
θ ← θ − η·Δ</source>
      <translation>v ← ρ·v + (1−ρ)·g²
Δ = √(u + ε)/√(v + ε) · g
u ← ρ·u + (1−ρ)·Δ²
θ ← θ − η·Δ</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Adamax</source>
      <translation>Adamax</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>m ← β₁·m + (1−β₁)·g
u ← max(β₂·u, |g| + ε)
θ ← θ − η/(1−β₁ᵗ) · m/u   (Adam with the infinity norm)</source>
      <translation>m ← β₁·m + (1−β₁)·g
u ← max(β₂·u, |g| + ε)
θ ← θ − η/(1−β₁ᵗ) · m/u   （用无穷范数的 Adam）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Rprop</source>
      <translation>Rprop</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>s ← s·η₊ where g·g_prev &gt; 0,  s·η₋ where &lt; 0 (there g ← 0)
s clamped to [s_min, s_max]
θ ← θ − sign(g)·s,  g_prev ← g
(only the gradient's sign counts; η is the first s, so a schedule changes nothing later, as in torch; no weight decay)</source>
      <translation>g·g_prev &gt; 0 处 s ← s·η₊，&lt; 0 处 s ← s·η₋（并令该处 g ← 0）
s 限制在 [s_min, s_max] 内
θ ← θ − sign(g)·s，g_prev ← g
（只看梯度的符号；η 只是最初的 s，所以之后学习率调度不起作用，与 torch 相同；没有权重衰减）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Muon</source>
      <translation>Muon</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>B ← μ·B + (1−μ)·g
U = g + μ·(B − g)   (Nesterov; else U = B)
O = NS(U): ns_steps Newton–Schulz iterations towards the orthogonal factor of U, in bfloat16 as torch
θ ← θ·(1 − η·λ) − η·O
Here θ = (x, y) is a 1×2 matrix, as torch would hold it: its one singular value is |U|, so orthogonalising keeps only the direction U/|U|: a normalised step of length ≈ 0.70·η (five iterations map a singular value 1 to 0.70, not 1; 0 iterations: exactly η).
Training lab: Muon for the hidden layers' weight matrices (not the first or the last layer), AdamW with torch's defaults and the same η for everything else.</source>
      <translation>B ← μ·B + (1−μ)·g
U = g + μ·(B − g)   （Nesterov；否则 U = B）
O = NS(U)：ns_steps 次 Newton–Schulz 迭代，逼近 U 的正交因子，与 torch 一样用 bfloat16 计算
θ ← θ·(1 − η·λ) − η·O
这里 θ = (x, y) 是一个 1×2 矩阵，正如 torch 会持有的那样：它唯一的奇异值是 |U|，所以正交化只保留方向 U/|U|：每步是长度约 0.70·η 的归一化步（五次迭代把奇异值 1 映射为 0.70 而不是 1；迭代 0 次则恰好为 η）。
训练实验：Muon 训练隐藏层的权重矩阵（不含第一层和最后一层），其余参数用 torch 默认设置、相同 η 的 AdamW。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Adafactor</source>
      <translation>Adafactor</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>β̂₂ = 1 − t^c,  ρ = min(η, 1/√t),  α = max(ε₂, RMS(θ))·ρ
v ← β̂₂·v + (1−β̂₂)·g²
U = g/√v
θ ← θ·(1 − η·λ) − α·U / max(1, RMS(U)/d)
Steps are relative to the size of θ. Here θ = (x, y) is a vector: v is kept per coordinate. A matrix keeps only its rows' and columns' means R, C and uses R·C/mean(R); for a 1×2 matrix that is C, the same v.</source>
      <translation>β̂₂ = 1 − t^c，ρ = min(η, 1/√t)，α = max(ε₂, RMS(θ))·ρ
v ← β̂₂·v + (1−β̂₂)·g²
U = g/√v
θ ← θ·(1 − η·λ) − α·U / max(1, RMS(U)/d)
步长与 θ 的大小成比例。这里 θ = (x, y) 是一个向量：v 按坐标分别保存。矩阵只保存各行、各列的均值 R、C，并使用 R·C/mean(R)；对 1×2 矩阵而言这就是 C，与按坐标的 v 相同。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Lion</source>
      <translation>Lion</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>c = β₁·m + (1−β₁)·g
θ ← θ·(1 − η·λ) − η·sign(c)
m ← β₂·m + (1−β₂)·g
(every coordinate moves by exactly η: fixed-size sign steps)</source>
      <translation>c = β₁·m + (1−β₁)·g
θ ← θ·(1 − η·λ) − η·sign(c)
m ← β₂·m + (1−β₂)·g
（每个坐标恰好移动 η：固定大小的符号步）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Schedule-Free SGD</source>
      <translation>Schedule-Free SGD</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>y = (1−β)·z + β·x   (β: momentum; the gradient g is taken at y)
z ← z − ηₜ·g
x ← (1−cₜ)·x + cₜ·z,  cₜ = wₜ/Σw,  wₜ = tʳ·η_max^p   (x: the average, where the loss is measured)
ηₜ = η·min(1, t/warmup)</source>
      <translation>y = (1−β)·z + β·x   （β：momentum；梯度 g 在 y 处求得）
z ← z − ηₜ·g
x ← (1−cₜ)·x + cₜ·z，cₜ = wₜ/Σw，wₜ = tʳ·η_max^p   （x：平均点，损失在这里测量）
ηₜ = η·min(1, t/warmup)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Schedule-Free AdamW</source>
      <translation>Schedule-Free AdamW</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>y = (1−β₁)·z + β₁·x   (the gradient g is taken at y)
v ← β₂·v + (1−β₂)·g²,  u = g/(√(v/(1−β₂ᵗ)) + ε) + λ·y
z ← z − ηₜ·u
x ← (1−cₜ)·x + cₜ·z,  cₜ = wₜ/Σw,  wₜ = tʳ·η_max^p   (x: the average, where the loss is measured)
ηₜ = η·min(1, t/warmup)</source>
      <translation>y = (1−β₁)·z + β₁·x   （梯度 g 在 y 处求得）
v ← β₂·v + (1−β₂)·g²，u = g/(√(v/(1−β₂ᵗ)) + ε) + λ·y
z ← z − ηₜ·u
x ← (1−cₜ)·x + cₜ·z，cₜ = wₜ/Σw，wₜ = tʳ·η_max^p   （x：平均点，损失在这里测量）
ηₜ = η·min(1, t/warmup)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>μ: share of the previous step kept</source>
      <translation>μ：保留上一步的比例</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>τ: damps the new gradient in the momentum buffer</source>
      <translation>τ：在动量缓冲中对新梯度的阻尼</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Nesterov's look-ahead gradient (0 or 1)</source>
      <translation>Nesterov 的前瞻梯度（0 或 1）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>λ: adds λ·θ to the gradient (AdamW: shrinks θ directly)</source>
      <translation>λ：把 λ·θ 加到梯度上（AdamW：直接缩小 θ）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>β₁: decay of the gradient average m (Lion: m's weight in the step's sign; Schedule-Free: y = (1−β₁)·z + β₁·x)</source>
      <translation>β₁：梯度均值 m 的衰减率（Lion：m 在步长符号中的权重；Schedule-Free：y = (1−β₁)·z + β₁·x）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>β₂: decay of the squared-gradient average v (Adamax: of the maximum u; Lion: of m)</source>
      <translation>β₂：梯度平方均值 v 的衰减率（Adamax：最大值 u 的衰减率；Lion：m 的衰减率）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>ε: keeps the division finite</source>
      <translation>ε：保证除法结果有限</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>α: decay of the squared-gradient average</source>
      <translation>α：梯度平方均值的衰减率</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>divide by the variance, not the raw second moment (0 or 1)</source>
      <translation>除以方差，而不是原始二阶矩（0 或 1）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η is divided by 1 + (t−1)·decay</source>
      <translation>η 除以 1 + (t−1)·decay</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>starting value of the sum of squares</source>
      <translation>平方和的初始值</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>ρ: decay of the running averages</source>
      <translation>ρ：滑动平均的衰减率</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>ψ: how fast NAdam's momentum schedule warms up</source>
      <translation>ψ：NAdam 动量调度的预热速度</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>decay θ directly instead of adding λ·θ to g (0 or 1)</source>
      <translation>直接衰减 θ，而不是把 λ·θ 加到 g 上（0 或 1）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>keep the maximum of v (AMSGrad) (0 or 1)</source>
      <translation>保留 v 的最大值（AMSGrad）（0 或 1）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η₋: shrinks a step size where the gradient's sign flipped</source>
      <translation>η₋：梯度符号翻转处缩小步长的因子</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η₊: grows a step size while the gradient's sign holds</source>
      <translation>η₊：梯度符号不变时增大步长的因子</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the smallest step size</source>
      <translation>最小步长</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the largest step size</source>
      <translation>最大步长</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>c: the squared-gradient average forgets at rate t^c</source>
      <translation>c：梯度平方均值以 t^c 的速度遗忘</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>ε₂: the smallest scale RMS(θ) a step is relative to</source>
      <translation>ε₂：步长所依据的 RMS(θ) 的最小尺度</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>d: the update's RMS is clipped to d</source>
      <translation>d：更新量的 RMS 被裁剪到 d</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Newton–Schulz iterations that orthogonalise the update</source>
      <translation>对更新量做正交化的 Newton–Schulz 迭代次数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η rises linearly over this many steps</source>
      <translation>η 在这么多步内线性升高</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the average weighs step t by t^r (0: equally)</source>
      <translation>平均中第 t 步的权重为 t^r（0：等权）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the average weighs step t by η_max^power</source>
      <translation>平均中第 t 步的权重为 η_max^power</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the gradient at the point (before weight decay)</source>
      <translation>该点处的梯度（权重衰减之前）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>g = ∇f(θ)</source>
      <translation>g = ∇f(θ)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the step taken: where the point moved</source>
      <translation>实际走的一步：点移动的位移</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Δθ = θₜ − θₜ₋₁</source>
      <translation>Δθ = θₜ − θₜ₋₁</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the momentum buffer</source>
      <translation>动量缓冲</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>b ← μ·b + (1−τ)·g</source>
      <translation>b ← μ·b + (1−τ)·g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>b ← μ·b + g</source>
      <translation>b ← μ·b + g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the sum of squared gradients</source>
      <translation>梯度平方之和</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>s ← s + g²</source>
      <translation>s ← s + g²</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the average squared gradient</source>
      <translation>梯度平方的均值</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>v ← α·v + (1−α)·g²</source>
      <translation>v ← α·v + (1−α)·g²</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the average gradient (centered)</source>
      <translation>梯度的均值（centered）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>ḡ ← α·ḡ + (1−α)·g</source>
      <translation>ḡ ← α·ḡ + (1−α)·g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the momentum buffer of normalised steps</source>
      <translation>归一化步长的动量缓冲</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>b ← μ·b + g/(√v̄ + ε)</source>
      <translation>b ← μ·b + g/(√v̄ + ε)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>first moment: the average gradient</source>
      <translation>一阶矩：梯度的均值</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>m ← β₁·m + (1−β₁)·g</source>
      <translation>m ← β₁·m + (1−β₁)·g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>second moment: the average squared gradient</source>
      <translation>二阶矩：梯度平方的均值</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>v ← β₂·v + (1−β₂)·g²</source>
      <translation>v ← β₂·v + (1−β₂)·g²</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the largest second moment so far</source>
      <translation>迄今为止最大的二阶矩</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>v_max ← max(v_max, v)</source>
      <translation>v_max ← max(v_max, v)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the product of the momentum schedule so far</source>
      <translation>迄今为止动量调度系数的乘积</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Πμ ← Πμ·μₜ</source>
      <translation>Πμ ← Πμ·μₜ</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>v ← ρ·v + (1−ρ)·g²</source>
      <translation>v ← ρ·v + (1−ρ)·g²</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the average squared step</source>
      <translation>步长平方的均值</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>u ← ρ·u + (1−ρ)·Δ²</source>
      <translation>u ← ρ·u + (1−ρ)·Δ²</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the decayed largest |g|</source>
      <translation>带衰减的最大 |g|</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>u ← max(β₂·u, |g| + ε)</source>
      <translation>u ← max(β₂·u, |g| + ε)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the last gradient, 0 where its sign flipped</source>
      <translation>上一步的梯度，符号翻转处为 0</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>g_prev ← g</source>
      <translation>g_prev ← g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>each coordinate's step size</source>
      <translation>每个坐标的步长</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>s ← clamp(s·η±, s_min, s_max)</source>
      <translation>s ← clamp(s·η±, s_min, s_max)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>momentum: the average gradient</source>
      <translation>动量：梯度的均值</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>B ← μ·B + (1−μ)·g</source>
      <translation>B ← μ·B + (1−μ)·g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>v ← β̂₂·v + (1−β̂₂)·g²</source>
      <translation>v ← β̂₂·v + (1−β̂₂)·g²</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>m ← β₂·m + (1−β₂)·g</source>
      <translation>m ← β₂·m + (1−β₂)·g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the base sequence: plain steps from the start</source>
      <translation>基础序列：从起点开始的普通步</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>z ← z − η·g</source>
      <translation>z ← z − η·g</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>where the gradient is taken (the parameter in train mode)</source>
      <translation>求梯度的位置（训练模式下的参数）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>y = (1−β)·z + β·x</source>
      <translation>y = (1−β)·z + β·x</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>z ← z − η·u</source>
      <translation>z ← z − η·u</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>y = (1−β₁)·z + β₁·x</source>
      <translation>y = (1−β₁)·z + β₁·x</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Constant</source>
      <translation>恒定</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η(t) = η</source>
      <translation>η(t) = η</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Step decay</source>
      <translation>阶梯衰减</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η(t) = η·γ^⌊t/step_size⌋</source>
      <translation>η(t) = η·γ^⌊t/step_size⌋</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Multi-step decay</source>
      <translation>多阶梯衰减</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η(t) = η·γ^(number of milestones ≤ t)</source>
      <translation>η(t) = η·γ^(≤ t 的里程碑个数)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Exponential decay</source>
      <translation>指数衰减</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η(t) = η·γᵗ</source>
      <translation>η(t) = η·γᵗ</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Cosine annealing</source>
      <translation>余弦退火</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η(t) = η_min + (η − η_min)·(1 + cos(π·t/T))/2   (T = T_max, or all steps)</source>
      <translation>η(t) = η_min + (η − η_min)·(1 + cos(π·t/T))/2   （T = T_max，或全部步数）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Linear warm-up, then cosine</source>
      <translation>线性预热，然后余弦</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>t &lt; w: η(t) = η·(f + (1−f)·t/w)
t ≥ w: η(t) = η_min + (η − η_min)·(1 + cos(π·(t−w)/(N−w)))/2</source>
      <translation>t &lt; w: η(t) = η·(f + (1−f)·t/w)
t ≥ w: η(t) = η_min + (η − η_min)·(1 + cos(π·(t−w)/(N−w)))/2</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>One-cycle</source>
      <translation>单周期（One-cycle）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>cosine from η/div up to η (peak) over pct_start·N steps,
then cosine down to η/(div·final_div)</source>
      <translation>在 pct_start·N 步内按余弦从 η/div 升到 η（峰值），
然后按余弦降到 η/(div·final_div)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>updates between two decays</source>
      <translation>两次衰减之间的更新次数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>γ: the factor applied at each decay</source>
      <translation>γ：每次衰减乘上的因子</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the updates at which η is multiplied by γ, separated by /</source>
      <translation>η 乘以 γ 的那些更新步，用 / 分隔</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>updates in the half cosine; 0 means: all steps</source>
      <translation>半个余弦周期的更新次数；0 表示：全部步数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>η_min: the lowest learning rate</source>
      <translation>η_min：最低学习率</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>updates of linear warm-up</source>
      <translation>线性预热的更新次数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>f: the warm-up starts at f·η</source>
      <translation>f：预热从 f·η 开始</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>share of the steps spent rising to the peak</source>
      <translation>上升到峰值所用步数的比例</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the cycle starts at η/div_factor</source>
      <translation>周期从 η/div_factor 开始</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>and ends at η/(div_factor·final_div_factor)</source>
      <translation>并在 η/(div_factor·final_div_factor) 结束</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Normal(0, σ)</source>
      <translation>正态分布 Normal(0, σ)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ N(0, σ²)</source>
      <translation>W ~ N(0, σ²)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Uniform(−a, a)</source>
      <translation>均匀分布 Uniform(−a, a)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ U(−a, a),  std = a/√3</source>
      <translation>W ~ U(−a, a),  std = a/√3</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Xavier/Glorot normal</source>
      <translation>Xavier/Glorot 正态</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ N(0, σ²),  σ = gain·√(2/(fan_in + fan_out))</source>
      <translation>W ~ N(0, σ²),  σ = gain·√(2/(fan_in + fan_out))</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Xavier/Glorot uniform</source>
      <translation>Xavier/Glorot 均匀</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ U(−a, a),  a = gain·√(6/(fan_in + fan_out))</source>
      <translation>W ~ U(−a, a),  a = gain·√(6/(fan_in + fan_out))</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>He/Kaiming normal</source>
      <translation>He/Kaiming 正态</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ N(0, σ²),  σ = gain/√fan  (ReLU gain √2; fan = fan_in or fan_out)</source>
      <translation>W ~ N(0, σ²),  σ = gain/√fan  （ReLU 的 gain 为 √2；fan = fan_in 或 fan_out）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>He/Kaiming uniform</source>
      <translation>He/Kaiming 均匀</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ U(−a, a),  a = gain·√(3/fan)  (ReLU gain √2)</source>
      <translation>W ~ U(−a, a),  a = gain·√(3/fan)  （ReLU 的 gain 为 √2）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>LeCun normal</source>
      <translation>LeCun 正态</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ N(0, σ²),  σ = √(1/fan_in)</source>
      <translation>W ~ N(0, σ²),  σ = √(1/fan_in)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Orthogonal</source>
      <translation>正交</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W = gain·Q,  Q from the QR decomposition of a Gaussian matrix</source>
      <translation>W = gain·Q，Q 来自高斯矩阵的 QR 分解</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Zeros (symmetry problem)</source>
      <translation>全零（对称性问题）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W = 0: every unit computes the same thing and gets the same gradient</source>
      <translation>W = 0：每个神经元计算相同的值，得到相同的梯度</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Constant (symmetry problem)</source>
      <translation>常数（对称性问题）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W = c: every unit stays identical to its neighbours</source>
      <translation>W = c：每个神经元始终与相邻的神经元相同</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book's “Xavier”: std √(1/n)</source>
      <translation>书中的“Xavier”：标准差 √(1/n)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ N(0, 1/n),  n = fan_in  (Deep Learning from Scratch, 6.2.2; this is LeCun normal; Glorot's is xavier-normal)</source>
      <translation>W ~ N(0, 1/n),  n = fan_in  （《深度学习入门》6.2.2；即 LeCun 正态；Glorot 的是 xavier-normal）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book's “He”: std √(2/n)</source>
      <translation>书中的“He”：标准差 √(2/n)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ~ N(0, 2/n),  n = fan_in  (Deep Learning from Scratch, 6.2.3; equals he-normal with fan_in and ReLU)</source>
      <translation>W ~ N(0, 2/n),  n = fan_in  （《深度学习入门》6.2.3；等于使用 fan_in 和 ReLU 的 he-normal）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>σ: standard deviation of the weights</source>
      <translation>σ：权重的标准差</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>weights drawn from U(−a, a)</source>
      <translation>权重取自 U(−a, a)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>multiplies the std (torch.nn.init.calculate_gain)</source>
      <translation>乘到标准差上（torch.nn.init.calculate_gain）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>c: every weight is c</source>
      <translation>c：每个权重都等于 c</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>fan_in keeps the forward signal's variance; fan_out the backward gradient's</source>
      <translation>fan_in 保持前向信号的方差；fan_out 保持反向梯度的方差</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the activation the gain is computed for</source>
      <translation>计算 gain 所针对的激活函数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>x²/20 + y² (Deep Learning from Scratch)</source>
      <translation>x²/20 + y²（《深度学习入门》）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Elongated bowl: steep in y, shallow in x; SGD zig-zags.</source>
      <translation>细长的碗：y 方向陡，x 方向缓；SGD 呈“之”字形。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Rosenbrock valley</source>
      <translation>Rosenbrock 山谷</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>A curved, flat-bottomed valley: easy to find, slow to follow.</source>
      <translation>弯曲而谷底平坦的山谷：容易找到，难以走完。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Beale</source>
      <translation>Beale</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Sharp ridges and flat plateaus around the minimum at (3, 0.5).</source>
      <translation>最小值 (3, 0.5) 周围有尖锐的山脊和平坦的高原。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Himmelblau</source>
      <translation>Himmelblau</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Four equal minima: the start point decides which one is found.</source>
      <translation>四个相等的最小值：起点决定找到哪一个。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Rastrigin</source>
      <translation>Rastrigin</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>A grid of local minima around one global minimum.</source>
      <translation>一个全局最小值周围布满网格状的局部最小值。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Saddle x² − y²</source>
      <translation>鞍面 x² − y²</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>No minimum: (0, 0) is a saddle point; runs escape along y.</source>
      <translation>没有最小值：(0, 0) 是鞍点；运行会沿 y 方向逃离。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Booth</source>
      <translation>Booth</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>A tilted bowl with its minimum at (1, 3).</source>
      <translation>倾斜的碗，最小值在 (1, 3)。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Ill-conditioned quadratic</source>
      <translation>病态二次函数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>kappa: the ratio of the largest to the smallest curvature.</source>
      <translation>kappa：最大曲率与最小曲率之比。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Deep Learning from Scratch, Fig. 6-8</source>
      <translation>《深度学习入门》图 6-8</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>f = x²/20 + y², 30 updates from (−7, 2): SGD zig-zags across the steep y direction; Momentum rolls like a ball; AdaGrad and Adam head straight in.</source>
      <translation>f = x²/20 + y²，从 (−7, 2) 出发更新 30 次：SGD 在陡峭的 y 方向上呈“之”字形；Momentum 像小球一样滚动；AdaGrad 和 Adam 径直奔向最小值。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The valley is easy to fall into and slow to follow: plain SGD crawls, momentum and adaptive methods travel along the curved floor to (1, 1).</source>
      <translation>山谷容易掉进去却难以走完：普通 SGD 爬得很慢，Momentum 和自适应方法沿着弯曲的谷底走到 (1, 1)。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Saddle point</source>
      <translation>鞍点</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Start almost on the ridge of x² − y²: SGD creeps away from the saddle, adaptive methods rescale the tiny y-gradient and escape at once (f has no minimum).</source>
      <translation>从几乎在 x² − y² 山脊上的点出发：SGD 缓慢地离开鞍点，自适应方法把微小的 y 梯度放大后立刻逃离（f 没有最小值）。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Rastrigin local minima</source>
      <translation>Rastrigin 局部最小值</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>A grid of local minima: most runs stop in the nearest bowl; RMSProp's normalised steps hop over a few ridges. Try gradient noise to shake the others loose.</source>
      <translation>网格状的局部最小值：大多数运行停在最近的碗里；RMSProp 归一化后的步长能跳过几道山脊。试试加入梯度噪声，把其他优化器也摇出来。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Ill-conditioned quadratic (κ = 50)</source>
      <translation>病态二次函数（κ = 50）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>One direction 50× steeper than the other: the stable SGD rate is set by the steep direction, so the shallow one crawls; Nesterov and Adam cope better.</source>
      <translation>一个方向比另一个方向陡 50 倍：SGD 稳定的学习率由陡峭方向决定，所以平缓方向上爬得很慢；Nesterov 和 Adam 应对得更好。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Lion: fixed-size sign steps</source>
      <translation>Lion：固定大小的符号步</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Lion moves every coordinate by exactly ±η each step (the sign of an interpolated momentum), so it walks Rosenbrock's flat valley floor at full speed to (1, 1), then keeps hopping ±η around it: a sign step never shrinks. Adam's steps shrink as the gradient zig-zags across the valley and it stalls; plain SGD crawls.</source>
      <translation>Lion 每一步让每个坐标恰好移动 ±η（插值动量的符号），因此它全速走过 Rosenbrock 平坦的谷底到达 (1, 1)，然后一直在那附近以 ±η 来回跳动：符号步从不缩小。Adam 的步长随梯度在谷中来回摆动而缩小，最终停滞；普通 SGD 则缓慢爬行。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Muon: normalised steps</source>
      <translation>Muon：归一化的步长</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The point is a 1×2 matrix to Muon: orthogonalising it keeps only its direction, so every step has the same length (0.7·η) however small the gradient: Muon crosses the flat x direction at full speed and then circles the minimum. In a network the same step sets every singular value of a weight update to about 1.</source>
      <translation>对 Muon 来说这个点是一个 1×2 矩阵：正交化只保留它的方向，所以无论梯度多小，每一步的长度都相同（0.7·η）：Muon 全速穿过平坦的 x 方向，然后绕着极小值打转。在网络中，同样的一步会把权重更新的每个奇异值都变成约 1。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Schedule-Free under gradient noise</source>
      <translation>梯度噪声下的 Schedule-Free</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Noisy gradients (σ = 2): SGD and Adam at a fixed rate keep bouncing around the minimum. Schedule-Free's x, the average of its z steps where the loss is measured, settles far lower without a decaying schedule (which would have to know the run's length).</source>
      <translation>梯度带噪声（σ = 2）：固定学习率的 SGD 和 Adam 一直在极小值附近跳动。Schedule-Free 的 x（它的 z 步的平均，损失在这里测量）无需逐渐减小的学习率调度（那需要事先知道运行长度）就稳定在低得多的位置。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>step taken</source>
      <translation>实际走的一步</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the gradient g is taken here</source>
      <translation>梯度 g 在此处求得</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>as a 1×2 matrix has one singular value</source>
      <translation>作为 1×2 矩阵只有一个奇异值</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>only U's direction is kept</source>
      <translation>只保留 U 的方向</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>a matrix keeps row and column means; a 1×2 point: the same v</source>
      <translation>矩阵只保存行均值与列均值；对 1×2 的点，结果就是同一个 v</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the sign flipped: s shrank, no step</source>
      <translation>符号翻转：s 缩小，这一轴不走</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>ρₜ ≤ 5: v is not trusted yet, a momentum step without it</source>
      <translation>ρₜ ≤ 5：v 尚不可信，只走不含它的动量步</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>ρₜ &gt; 5: the adaptive step, rectified by r</source>
      <translation>ρₜ &gt; 5：自适应的一步，由 r 修正</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: sigmoid, std 1</source>
      <translation>书中：sigmoid，标准差 1</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Activations pile up at 0 and 1, where the sigmoid is flat: gradients vanish as they flow back (look at the gradient view).</source>
      <translation>激活值集中在 0 和 1 附近，那里 sigmoid 很平坦：梯度在反向传播中消失（看看梯度视图）。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: sigmoid, std 0.01</source>
      <translation>书中：sigmoid，标准差 0.01</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Every activation sits near 0.5: the units all say the same thing, so the layer's expressive power collapses.</source>
      <translation>所有激活值都在 0.5 附近：神经元都输出相同的东西，因此该层的表现力大打折扣。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: sigmoid, “Xavier” √(1/n)</source>
      <translation>书中：sigmoid，“Xavier” √(1/n)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>With std √(1/n) the activations keep a broad spread through all five layers.</source>
      <translation>标准差为 √(1/n) 时，激活值在全部五层中都保持较宽的分布。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: tanh, “Xavier” √(1/n)</source>
      <translation>书中：tanh，“Xavier” √(1/n)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>tanh is symmetric around 0: the histograms stay bell-shaped and centred, layer after layer.</source>
      <translation>tanh 关于 0 对称：直方图一层接一层地保持钟形并居中。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: ReLU, std 0.01</source>
      <translation>书中：ReLU，标准差 0.01</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The activations shrink towards 0 layer by layer: almost nothing reaches the output, and the gradients are just as small.</source>
      <translation>激活值逐层向 0 收缩：几乎没有信号到达输出，梯度也同样微小。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: ReLU, “Xavier” √(1/n)</source>
      <translation>书中：ReLU，“Xavier” √(1/n)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>ReLU zeroes half its inputs, so √(1/n) loses about half the variance at every layer: the spread shrinks with depth.</source>
      <translation>ReLU 把一半输入置零，因此 √(1/n) 在每层损失约一半方差：分布宽度随深度缩小。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: ReLU, He √(2/n)</source>
      <translation>书中：ReLU，He √(2/n)</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>He's factor 2 compensates for ReLU's zeroed half: the spread stays the same in every layer.</source>
      <translation>He 的系数 2 弥补了 ReLU 置零的那一半：每层的分布宽度保持不变。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Compare: Xavier vs He under ReLU, 10 layers</source>
      <translation>对比：ReLU 下的 Xavier 与 He，10 层</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>A: He, B: Glorot's Xavier. Over 10 ReLU layers He holds the activation std steady while Xavier's halves its variance at every layer.</source>
      <translation>A：He，B：Glorot 的 Xavier。在 10 个 ReLU 层中，He 使激活值标准差保持稳定，而 Xavier 的方差每层减半。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Batch norm rescues std 0.01 (ReLU, 10 layers)</source>
      <translation>批归一化挽救标准差 0.01（ReLU，10 层）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>A: with BatchNorm after each Linear, B: without. Normalising every layer restores the spread whatever the initial scale.</source>
      <translation>A：每个 Linear 之后有 BatchNorm，B：没有。对每一层做归一化，无论初始尺度如何都能恢复分布宽度。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Zeros: the symmetry problem (tanh)</source>
      <translation>全零：对称性问题（tanh）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>With all weights equal every unit computes the same value and receives the same gradient: the layer behaves like a single unit.</source>
      <translation>所有权重相等时，每个神经元计算相同的值并得到相同的梯度：该层的行为就像只有一个神经元。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Overflow: 50 linear layers, std 10</source>
      <translation>溢出：50 个线性层，标准差 10</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Each layer multiplies the scale by about 100: float32 overflows around layer 20. The table counts the non-finite values; histograms show the rest.</source>
      <translation>每层把尺度放大约 100 倍：float32 在第 20 层左右溢出。表格统计非有限值；直方图显示其余值。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: optimizers on MNIST</source>
      <translation>书中：MNIST 上的优化器</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>MLP 784-100×4-10, ReLU, He, batch 128, 2000 iterations: SGD learns slowest; Momentum, AdaGrad and Adam pull ahead.</source>
      <translation>MLP 784-100×4-10，ReLU，He，批量 128，2000 次迭代：SGD 学得最慢；Momentum、AdaGrad 和 Adam 领先。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Today's optimizers on MNIST</source>
      <translation>MNIST 上的当今优化器</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The book's MLP and 2000 iterations with Adam, AdamW, Lion, Muon (the hidden 100×100 matrices; AdamW for the rest) and Schedule-Free AdamW.</source>
      <translation>书中的 MLP，迭代 2000 次，使用 Adam、AdamW、Lion、Muon（训练隐藏的 100×100 矩阵；其余用 AdamW）和 Schedule-Free AdamW。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Schedule-Free: no schedule needed</source>
      <translation>Schedule-Free：无需学习率调度</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The book's MNIST setup: AdamW at a constant rate, AdamW with a cosine decay (which must know the run's length), and Schedule-Free AdamW with none: it keeps up with the cosine run. Its accuracies are measured at x, the average it returns.</source>
      <translation>书中的 MNIST 设置：恒定学习率的 AdamW、带余弦衰减（必须事先知道运行长度）的 AdamW，以及不用任何调度的 Schedule-Free AdamW：它能跟上余弦衰减的那次运行。它的准确率是在它返回的平均点 x 上测得的。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: initializers on MNIST</source>
      <translation>书中：MNIST 上的初始化方法</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Same MLP with SGD 0.01: std 0.01 does not learn at all; the book's “Xavier” learns, He learns fastest.</source>
      <translation>同样的 MLP，SGD 0.01：标准差 0.01 完全学不动；书中的“Xavier”能学习，He 学得最快。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: initializers over time (inside)</source>
      <translation>书中：初始值随时间的变化（内部）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The book's initializer comparison, measured inside every 50 iterations: with std 0.01 the deep activations collapse and the gradients vanish for the whole run; with He they keep their spread and the updates sit near 1e-3 of the weights (the Inside tab).</source>
      <translation>书中的初始值对比，每 50 次迭代测量一次内部：标准差 0.01 时，深层激活值在整个运行中塌缩、梯度消失；用 He 初始值时它们保持分布宽度，更新量约为权重的 1e-3（见“内部”页）。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: batch norm with vs without (inside)</source>
      <translation>书中：有无批归一化（内部）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The book's batch-norm pair (weight std 1), measured inside every 10 iterations: without batch norm the activations grow layer by layer into the thousands and the run diverges within a few iterations; with it every layer keeps its spread (the Inside tab, side by side).</source>
      <translation>书中的批归一化对照（权重标准差 1），每 10 次迭代测量一次内部：没有批归一化时，激活值逐层增大到数千，运行在几次迭代内就发散；有批归一化时每一层都保持分布宽度（见“内部”页的并排对比）。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: batch norm (one weight scale)</source>
      <translation>书中：批归一化（一种权重尺度）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>1000 images, 784-100×5-10, SGD 0.01, 20 epochs, weight std 1: with batch norm the network learns far faster.</source>
      <translation>1000 张图像，784-100×5-10，SGD 0.01，20 轮，权重标准差 1：使用批归一化时网络学得快得多。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: batch norm over 16 weight scales</source>
      <translation>书中：16 种权重尺度下的批归一化</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The 4×4 grid: weight std from 1 down to 1e-4; without batch norm most scales fail to learn, with it nearly all do.</source>
      <translation>4×4 网格：权重标准差从 1 降到 1e-4；没有批归一化时大多数尺度学不动，有了它几乎全部都能学习。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: overfitting and weight decay</source>
      <translation>书中：过拟合与权重衰减</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>300 images, 784-100×6-10, 201 epochs: train accuracy reaches 100% while test accuracy stalls; weight decay λ = 0.1 narrows the gap.</source>
      <translation>300 张图像，784-100×6-10，201 轮：训练准确率达到 100%，而测试准确率停滞；权重衰减 λ = 0.1 缩小了差距。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: overfitting and dropout</source>
      <translation>书中：过拟合与 Dropout</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>300 images, 784-100×6-10, 301 epochs: dropout 0.2 keeps train and test accuracy closer together.</source>
      <translation>300 张图像，784-100×6-10，301 轮：Dropout 0.2 让训练准确率和测试准确率更接近。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Landscape: four optimizers on one plane</source>
      <translation>损失地形：一个平面上的四个优化器</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The book's SGD, Momentum, AdaGrad and Adam from one initialisation, snapshots every 25 iterations: the Landscape tab draws their paths on one shared PCA plane.</source>
      <translation>书中的 SGD、Momentum、AdaGrad 和 Adam 从同一个初始化出发，每 25 次迭代保存一次快照：“损失地形”标签页把它们的路径画在一个共享的 PCA 平面上。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Landscape: batch norm with vs without</source>
      <translation>损失地形：有无批归一化</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The book's MLP with and without batch norm from one seed, snapshots every 50 iterations: tick one run at a time and draw its random plane (Li et al.'s comparison): the loss rises about half as fast around batch norm's final weights.</source>
      <translation>书中的 MLP 有与没有批归一化，同一随机种子，每 50 次迭代保存一次快照：每次只勾选一个运行，画出它的随机平面（Li 等人的比较）：在批归一化的最终权重周围，损失上升的速度约为一半。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Edge of stability: full-batch gradient descent</source>
      <translation>稳定性边缘：全批量梯度下降</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Gradient descent on a fixed 1000-image subset (the batch is the whole subset) at η = 0.15 and 0.25, sharpness every 5 iterations: it climbs to 2/η (13.3 and 8) and hovers there while the loss goes up and down. See the Landscape tab's Stability page.</source>
      <translation>在固定的 1000 张图像子集上做梯度下降（批量就是整个子集），η = 0.15 和 0.25，每 5 次迭代测一次锐度：锐度上升到 2/η（13.3 和 8）并在其附近徘徊，同时损失时升时降。请看“损失地形”标签页的“稳定性”页。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Book: random search of lr and weight decay (ch. 6.5)</source>
      <translation>书中：lr 和权重衰减的随机搜索（第 6.5 节）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>The book fixes no seed; minibatches are drawn with replacement as its Trainer does. Weight decay is L2 on the weights (0.5·λ·ΣW²).</source>
      <translation>书中没有固定随机种子；小批量像书中的 Trainer 一样有放回地抽取。权重衰减是对权重的 L2（0.5·λ·ΣW²）。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Optimizer x lr x batch size, TPE with median pruning</source>
      <translation>优化器 x lr x 批量大小，TPE 加中位数剪枝</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Trials of different optimizers or batch sizes train as separate batches.</source>
      <translation>不同优化器或批量大小的试验分成不同的批次训练。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Adam vs SGD: where each one's good learning rates lie</source>
      <translation>Adam 与 SGD：各自好的学习率在哪里</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Quasi-random (Sobol) points cover the lr axis evenly for both optimizers.</source>
      <translation>准随机（Sobol）点在 lr 轴上为两个优化器均匀覆盖。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Width, depth, dropout and initializer, successive halving</source>
      <translation>宽度、深度、Dropout 和初始化方法，逐次减半</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>Successive halving stops the weaker half of the trials at each rung.</source>
      <translation>逐次减半在每一级停止较弱的一半试验。</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layer {layer}: {share} of units dead since iteration {since}</source>
      <translation>第 {layer} 层：自第 {since} 次迭代起 {share} 的单元已死亡</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layer {layer}: {share} of units saturated since iteration {since}</source>
      <translation>第 {layer} 层：自第 {since} 次迭代起 {share} 的单元已饱和</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>gradients shrink ×{factor} from layer {top} to layer 1</source>
      <translation>梯度从第 {top} 层到第 1 层缩小 ×{factor}</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>gradients grow ×{factor} from layer {top} to layer 1</source>
      <translation>梯度从第 {top} 层到第 1 层增大 ×{factor}</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>activations shrink ×{factor} from layer 1 to layer {top}</source>
      <translation>激活值从第 1 层到第 {top} 层缩小 ×{factor}</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layer {layer}: each step changes the weights by {ratio} of their size (guide ≈ 1e-3): the learning rate looks too high</source>
      <translation>第 {layer} 层：每一步使权重改变其大小的 {ratio}（参考值 ≈ 1e-3）：学习率似乎过高</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layer {layer}: each step changes the weights by only {ratio} of their size (guide ≈ 1e-3): the learning rate looks too low</source>
      <translation>第 {layer} 层：每一步仅使权重改变其大小的 {ratio}（参考值 ≈ 1e-3）：学习率似乎过低</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layers {layers}: each step changes the weights by {low} to {high} of their size (guide ≈ 1e-3): the learning rate looks too high</source>
      <translation>第 {layers} 层：每一步使权重改变其大小的 {low} 到 {high}（参考值 ≈ 1e-3）：学习率似乎过高</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layers {layers}: each step changes the weights by only {low} to {high} of their size (guide ≈ 1e-3): the learning rate looks too low</source>
      <translation>第 {layers} 层：每一步仅使权重改变其大小的 {low} 到 {high}（参考值 ≈ 1e-3）：学习率似乎过低</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layer {layer}: NaN or inf in the {kind} at iteration {since}</source>
      <translation>第 {layer} 层：第 {since} 次迭代时{kind}中出现 NaN 或 inf</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>names the run and its files</source>
      <translation>运行及其文件的名称</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the network</source>
      <translation>网络</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>units per hidden layer (MLP), e.g. 100,100</source>
      <translation>每个隐藏层的单元数（MLP），例如 100,100</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the nonlinearity after each layer</source>
      <translation>每层之后的非线性激活函数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>how the weights are drawn (biases start at 0)</source>
      <translation>权重的抽取方式（偏置从 0 开始）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>share of units dropped while training (MLP)</source>
      <translation>训练时丢弃的单元比例（MLP）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>mlp: fully connected layers; cnn: two 3×3 convolutions with 2×2 pooling, then 100 units</source>
      <translation>mlp：全连接层；cnn：两个 3×3 卷积加 2×2 池化，然后 100 个单元</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>batch normalization before each activation (MLP)</source>
      <translation>每个激活函数之前做批归一化（MLP）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>pixels per image</source>
      <translation>每张图像的像素数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>image width = height</source>
      <translation>图像宽度 = 高度</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>number of labels</source>
      <translation>标签个数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the update rule</source>
      <translation>更新规则</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>how the learning rate changes over the run</source>
      <translation>学习率在运行中如何变化</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>examples per minibatch</source>
      <translation>每个小批量的样本数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>set iterations or epochs (the other 0)</source>
      <translation>设置迭代次数或 轮数（另一个为 0）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>passes over the training images</source>
      <translation>遍历训练图像的轮数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>book-style weight decay: adds 0.5·λ·ΣW² to the loss (weights only)</source>
      <translation>书中式的权重衰减：在损失上加 0.5·λ·ΣW²（仅权重）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>adds λ·Σ|W| to the loss</source>
      <translation>在损失上加 λ·Σ|W|</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>W ← W − lr·λ·W at each step, before the update (AdamW-style)</source>
      <translation>每步在更新之前 W ← W − lr·λ·W（AdamW 式）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>clip the gradient norm to this; 0: off</source>
      <translation>把梯度范数裁剪到这个值；0：关闭</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>epoch: each image once per epoch; replacement: minibatches drawn with replacement, as the book</source>
      <translation>epoch：每轮每张图像用一次；replacement：像书中一样有放回地抽取小批量</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>whole minibatches only: an epoch is ⌊images/batch⌋ steps, the images left over skipped that epoch (the search's rule; torch's DataLoader drop_last)</source>
      <translation>只用完整的小批量：每轮为 ⌊图像数/batch⌋ 步，剩下的图像在该轮中跳过（搜索的规则；即 torch DataLoader 的 drop_last）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>iterations between accuracy measurements; 0: every epoch; -1: never</source>
      <translation>两次准确率测量之间的迭代次数；0：每轮；-1：从不</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>test accuracy, confusion matrix and mistakes at the end</source>
      <translation>结束时的测试准确率、混淆矩阵和识别错误的样本</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>seed of the weights, the minibatches and the dropout masks (each its own stream)</source>
      <translation>权重、小批量和 dropout 掩码的随机种子（各用独立的随机流）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>auto: CUDA when available</source>
      <translation>auto：可用时使用 CUDA</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the images</source>
      <translation>图像</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>an MNIST-format folder; empty: the bundled MNIST</source>
      <translation>MNIST 格式的文件夹；留空：附带的 MNIST</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>0: all training images; else N of them (the book's subsets, e.g. 300 for overfitting)</source>
      <translation>0：全部训练图像；否则取 N 张（书中的子集，例如过拟合实验用 300 张）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>share of the training subset held out for validation; 0: validate on the test set</source>
      <translation>从训练子集中留出用于验证的比例；0：在测试集上验证</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>scale: ÷255 (the book); standardize: the training images' mean and std</source>
      <translation>scale：÷255（书中做法）；standardize：用训练图像的均值和标准差</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>shuffle (where the order says) before splitting</source>
      <translation>划分之前先打乱（在划分顺序规定的那一步）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>seed of the shuffle</source>
      <translation>打乱用的随机种子</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>shuffle-first: shuffle all images, take the first N, hold out the last round(N·holdout) (the training lab's); subset-first: take the first N, shuffle them, hold out the first int(N·holdout) (the book's search)</source>
      <translation>shuffle-first：打乱全部图像，取前 N 张，留出最后 round(N·holdout) 张（训练实验的做法）；subset-first：取前 N 张并打乱，留出最前面的 int(N·holdout) 张（书中的超参数搜索）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the parameters searched and their ranges</source>
      <translation>要搜索的参数及其范围</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the trial the parameters change</source>
      <translation>被这些参数修改的基础试验</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the update rule (SGD, Momentum or Adam)</source>
      <translation>更新规则（SGD、Momentum 或 Adam）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>weight decay as the book's: adds 0.5·λ·ΣW² to the loss (weights only); the search's weight_decay</source>
      <translation>书中的权重衰减：在损失上加 0.5·λ·ΣW²（仅权重）；即搜索的 weight_decay</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>seed of the weights, the minibatches and the dropout masks</source>
      <translation>权重、小批量和 dropout 掩码的随机种子</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>epochs per trial</source>
      <translation>每个试验的 轮数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the budget: finished trials (complete, pruned, diverged)</source>
      <translation>预算：已结束的试验数（完成、剪枝、发散）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>how parameters are drawn</source>
      <translation>参数的抽取方式</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>how weak trials are stopped early</source>
      <translation>如何提前停止表现差的试验</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>seed of the sampler and of the trials</source>
      <translation>采样器和各试验的随机种子</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>trials asked and trained together</source>
      <translation>一起请求、一起训练的试验数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the images and the validation split</source>
      <translation>图像以及验证集的划分</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>minibatches with replacement, as the book's Trainer</source>
      <translation>有放回地抽取小批量，与书中的 Trainer 相同</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>a built-in name (book, rosenbrock, beale, himmelblau, rastrigin, saddle, booth, quadratic[:kappa=K]) or an expression in x and y</source>
      <translation>内置函数名（book、rosenbrock、beale、himmelblau、rastrigin、saddle、booth、quadratic[:kappa=K]）或关于 x 和 y 的表达式</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the update rules side by side, e.g. adam:lr=0.3; names: sgd momentum nesterov adagrad rmsprop adam amsgrad adamw nadam radam adadelta adamax rprop muon adafactor lion schedulefree_sgd schedulefree_adamw</source>
      <translation>并排比较的更新规则，例如 adam:lr=0.3；名称：sgd momentum nesterov adagrad rmsprop adam amsgrad adamw nadam radam adadelta adamax rprop muon adafactor lion schedulefree_sgd schedulefree_adamw</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>start point x, y</source>
      <translation>起点 x, y</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>number of updates</source>
      <translation>更新次数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>how the learning rate changes over the steps, e.g. cosine:T_max=100; names: constant step multistep exponential cosine warmup_cosine onecycle</source>
      <translation>学习率随步数的变化方式，例如 cosine:T_max=100；名称：constant step multistep exponential cosine warmup_cosine onecycle</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>std of Gaussian noise added to each gradient component: what minibatch sampling does to it</source>
      <translation>加到每个梯度分量上的高斯噪声的标准差：小批量采样对梯度的影响</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the same seed gives the same noise (shared by all optimizers)</source>
      <translation>相同的种子产生相同的噪声（所有优化器共用）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>clip the gradient's norm to this value (0: off)</source>
      <translation>把梯度的范数裁剪到这个值（0：关闭）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layers</source>
      <translation>层数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>units per layer</source>
      <translation>每层的单元数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>the nonlinearity of every layer</source>
      <translation>每一层的非线性激活函数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>how the weights are drawn, e.g. he-normal:mode=fan_out; names: normal uniform xavier-normal xavier-uniform he-normal he-uniform lecun-normal orthogonal zeros constant book-xavier book-he (aliases: he, xavier, lecun)</source>
      <translation>权重的抽取方式，例如 he-normal:mode=fan_out；名称：normal uniform xavier-normal xavier-uniform he-normal he-uniform lecun-normal orthogonal zeros constant book-xavier book-he（别名：he、xavier、lecun）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>layers with (zero) biases</source>
      <translation>带（零）偏置的层</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>normalisation before each activation</source>
      <translation>每次激活之前的归一化</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>gaussian: randn, the book's; mnist: test images</source>
      <translation>gaussian：randn，书中的做法；mnist：测试集图像</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>examples sent through the network</source>
      <translation>送入网络的样本数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>what the gradients are of: cross-entropy on random labels, or the sum of the outputs</source>
      <translation>梯度所对应的量：随机标签上的交叉熵，或输出之和</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>seed of the weights (drawn as the training lab draws them), input and labels</source>
      <translation>权重（与训练实验的抽取方式相同）、输入和标签的随机种子</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>histogram bins</source>
      <translation>直方图的分箱数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>one set of bins for every layer (else fitted per layer)</source>
      <translation>所有层共用一组分箱（否则每层单独拟合）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>keep the weights every K iterations (0 and the last included); 0: off</source>
      <translation>每 K 次迭代保存一次权重（包括第 0 次和最后一次）；0：关闭</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>measure the top Hessian eigenvalue every K iterations (0 and the last included); 0: off</source>
      <translation>每 K 次迭代测量一次 Hessian 的最大特征值（包括第 0 次和最后一次）；0：关闭</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>images of the fixed set sharpness is measured on: the first N the run saw</source>
      <translation>测量锐度所用固定集合的图像数：该运行最先见到的 N 张</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>most Hessian-vector products per estimate</source>
      <translation>每次估计最多的 Hessian-向量乘积次数</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>pca: the runs' snapshots' first two principal directions (one shared plane); random: two filter-normalised random directions; line: initial → final weights, or run → --with run; hessian: along the top Hessian eigenvector</source>
      <translation>pca：各运行快照的前两个主方向（一个共享平面）；random：两个按滤波器归一化的随机方向；line：初始 → 最终权重，或运行 → 另一个运行；hessian：沿 Hessian 最大特征向量</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>points per side (a line: points along it)</source>
      <translation>每边的点数（直线：沿线的点数）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>evaluation images: the first N the run saw</source>
      <translation>评估图像：该运行最先见到的 N 张</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>random plane: coordinates in [−span, span] (0: 1); hessian line: in units of 1/√λ (0: 3)</source>
      <translation>随机平面：坐标取 [−span, span]（0：1）；hessian 直线：以 1/√λ 为单位（0：3）</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>seed of the random directions</source>
      <translation>随机方向的种子</translation>
    </message>
    <message>
      <location filename="&lt;engine&gt;" />
      <source>a run 'reaches' a minimum at the first step this close to it</source>
      <translation>运行在第一次距离最小值这么近的那一步“到达”最小值</translation>
    </message>
  </context>
</TS>
